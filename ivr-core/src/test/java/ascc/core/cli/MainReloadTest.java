package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.config.ConfigHolder;
import ascc.core.http.HealthCheck;
import ascc.core.http.HttpServer;
import ascc.core.metrics.Metrics;
import ascc.routing.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr reload} against a real HTTP server carrying the engine's reload route on a copy of the IT config. */
class MainReloadTest {
    @TempDir
    Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private HttpServer http;

    @AfterEach
    void tearDown() {
        if (http != null) {
            http.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Path conf() throws IOException {
        Path dir = tmp.resolve("conf");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/it-conf"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private int reload(Path dir, Map<String, String> env) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env)
                .execute(List.of("reload", "--conf", dir.toString()));
    }

    private ConfigHolder serve(Path dir, Map<String, String> env, int port) throws Exception {
        ConfigHolder holder = ConfigHolder.load(dir, env);
        http = new HttpServer("127.0.0.1", port, Secret.of("it-admin-token"), new Metrics(), HealthCheck.of(Map.of()));
        http.route("POST", "/api/config/reload", holder::handleReload);
        http.start();
        return holder;
    }

    @Test
    void printsTheAppliedSummary() throws Exception {
        Path dir = conf();
        Map<String, String> env = Map.of("ASCC_HTTP_PORT", Integer.toString(freePort()));
        serve(dir, env, Integer.parseInt(env.get("ASCC_HTTP_PORT")));

        assertEquals(0, reload(dir, env), err.toString(StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.startsWith("ivr: reloaded " + dir + ": "), o);
    }

    @Test
    void invalidEditPrintsFileLineKeyProblemsAndExitsOne() throws Exception {
        Path dir = conf();
        Map<String, String> env = Map.of("ASCC_HTTP_PORT", Integer.toString(freePort()));
        ConfigHolder holder = serve(dir, env, Integer.parseInt(env.get("ASCC_HTTP_PORT")));
        var before = holder.get();
        Files.writeString(dir.resolve("desks.yaml"), Files.readString(dir.resolve("desks.yaml")) + "bogus: 1\n");

        assertEquals(1, reload(dir, env), out.toString(StandardCharsets.UTF_8));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("ivr: reload refused: 1 problem(s)"), e);
        assertTrue(e.matches("(?s).*\n  desks\\.yaml:\\d+: bogus: unknown key 'bogus'.*"), e);
        assertTrue(before == holder.get(), "running config unchanged");
    }

    @Test
    void saysTheEngineIsNotReachableWhenNobodyListens() throws Exception {
        Path dir = conf();
        int port = freePort();
        assertEquals(1, reload(dir, Map.of("ASCC_HTTP_PORT", Integer.toString(port))));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("ivr: engine not reachable at http://127.0.0.1:" + port
                + "/api/config/reload"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void wrongAdminTokenIsReportedWithoutPrintingIt() throws Exception {
        Path dir = conf();
        int port = freePort();
        Map<String, String> env = Map.of("ASCC_HTTP_PORT", Integer.toString(port), "ASCC_ADMIN_TOKEN", "another-token-9");
        serve(dir, Map.of("ASCC_HTTP_PORT", Integer.toString(port)), port);
        assertEquals(1, reload(dir, env));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("refused the admin token") && !e.contains("another-token-9"), e);
    }
}
