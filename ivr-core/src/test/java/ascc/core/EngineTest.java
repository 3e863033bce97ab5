package ascc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wired engine on its embedded database, with a fake Asterisk speaking FastAGI to it (no AMI
 * server: the engine must still serve calls and say so on /health). The real-stack proof is FoundationIT.
 */
class EngineTest {
    @TempDir
    Path tmp;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    Engine start() throws Exception {
        Map<String, String> env = Map.of(
                "ASCC_AGI_PORT", Integer.toString(freePort()),
                "ASCC_HTTP_PORT", Integer.toString(freePort()),
                "ASCC_AMI_PORT", Integer.toString(freePort()), // nobody listens: AMI stays down
                "ASCC_DB_URL", "",
                "ASCC_EMBEDDED_DB", tmp.resolve("db/ascc").toString());
        return Engine.start(new Engine.Options(Path.of("src/test/resources/it-conf"), env, Clock.systemUTC(), "test-node"));
    }

    /** Plays Asterisk's side of one FastAGI session: env block, then "200 result=1" to every command. */
    static List<String> agiSession(int port, String exten, CountDownLatch beforeReplying) throws Exception {
        List<String> commands = new ArrayList<>();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            out.write(("agi_network: yes\nagi_network_script: inbound\nagi_request: agi://127.0.0.1/inbound\n"
                    + "agi_channel: PJSIP/customer-trunk-00000001\nagi_uniqueid: 1700000000.1\nagi_linkedid: 1700000000.1\n"
                    + "agi_callerid: 01055501234\nagi_extension: " + exten + "\n"
                    + "agi_arg_1: it-agi-secret-0123456789\n\n").getBytes(StandardCharsets.US_ASCII)); // it-conf's agi.secret
            out.flush();
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                if (beforeReplying != null && commands.size() == 1) {
                    beforeReplying.await(10, TimeUnit.SECONDS);
                }
                out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        return commands;
    }

    static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesACallOverFastAgiAndReportsComponentsOnHealthAndMetrics() throws Exception {
        try (Engine engine = start()) {
            List<String> commands = agiSession(engine.agiPort(), "0700000001", null);
            // the hand-off is one MSet: facts for the agent leg first, the action last
            String handOff = commands.get(commands.size() - 1);
            assertTrue(handOff.startsWith("EXEC \"MSet\" \"__CC_COMPANY=alpha,"), commands.toString());
            assertTrue(handOff.endsWith(",CC_QUEUE=desk-appliance,CC_ACTION=queue\""), commands.toString());

            HttpResponse<String> health = get(engine.httpPort(), "/health", null);
            assertEquals(503, health.statusCode(), "AMI is down, so the engine is not healthy");
            assertTrue(health.body().contains("\"ami\":\"DOWN\"") && health.body().contains("\"db\":\"UP\""), health.body());
            assertEquals(401, get(engine.httpPort(), "/metrics", null).statusCode());
            String metrics = get(engine.httpPort(), "/metrics", "it-admin-token").body();
            assertTrue(metrics.contains("ascc_agi_sessions_total 1.0\n"), metrics);
            assertEquals(401, get(engine.httpPort(), "/api/config", "wrong-token").statusCode());
            String config = get(engine.httpPort(), "/api/config", "it-admin-token").body();
            assertTrue(config.contains("alpha") && !config.contains("it-2101-secret") && !config.contains("it-ami-secret"),
                    "config is shown with secrets masked: " + config);
        }
    }

    @Test
    void shutdownLetsARunningAgiSessionFinishThenStopsListening() throws Exception {
        Engine engine = start();
        int port = engine.agiPort();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<List<String>> session = CompletableFuture.supplyAsync(() -> {
            try {
                return agiSession(port, "0700000002", release);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // wait until the session is mid-conversation (the engine waits for our first reply)
        while (get(engine.httpPort(), "/metrics", "it-admin-token").body().contains("ascc_agi_sessions_active 0.0\n")) {
            Thread.sleep(10);
        }
        CompletableFuture<Void> closing = CompletableFuture.runAsync(engine::close);
        Thread.sleep(200); // SIGTERM arrived while the call was in the flow
        release.countDown();
        closing.get(30, TimeUnit.SECONDS);

        List<String> commands = session.get(10, TimeUnit.SECONDS);
        assertTrue(commands.get(commands.size() - 1).endsWith(",CC_QUEUE=desk-digital,CC_ACTION=queue\""),
                "the session finished its flow: " + commands);
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "no longer accepting");
    }
}
