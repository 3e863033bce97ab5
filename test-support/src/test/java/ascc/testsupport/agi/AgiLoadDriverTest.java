package ascc.testsupport.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AgiLoadDriverTest {

    /** A FastAGI "engine" that reads the environment, sends {@code commands} in turn and records the replies. */
    private static final class ScriptedEngine implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> replies = new CopyOnWriteArrayList<>();
        final Thread thread;

        ScriptedEngine(List<String> commands) throws IOException {
            thread = Thread.ofPlatform().name("scripted-engine").daemon(true).start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        String line;
                        while ((line = in.readLine()) != null && !line.isEmpty()) {
                            // environment
                        }
                        OutputStream out = s.getOutputStream();
                        for (String c : commands) {
                            out.write((c + "\n").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            replies.add(in.readLine());
                        }
                    } catch (IOException e) {
                        if (!server.isClosed()) {
                            throw new IllegalStateException("scripted engine failed", e);
                        }
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void answersLikeAsteriskAndReadStoresTheMenuAnswerForGetVariable() throws Exception {
        List<String> commands = List.of("ANSWER", "GET DATA \"beep\" 5000 6", "EXEC \"Read\" \"CC_MENU,digits/1&digits/2,1,,1,5\"",
            "GET VARIABLE \"CC_MENU\"", "GET VARIABLE \"READSTATUS\"", "SET VARIABLE \"CC_ACTION\" \"queue\"", "GET VARIABLE \"NONE\"",
            "STREAM FILE \"beep\" \"\"", "VERBOSE \"hi\" 1");
        try (ScriptedEngine engine = new ScriptedEngine(commands)) {
            AgiLoadDriver.Config c = new AgiLoadDriver.Config("127.0.0.1", engine.port(), "inbound", 1, 100, List.of("15880000"),
                List.of("101"), "2", Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(10), false, Duration.ofSeconds(10));
            AgiLoadDriver.Result r = new AgiLoadDriver(c).run();
            engine.close();

            assertEquals(1, r.completed(), r.summary());
            assertEquals(List.of("200 result=0", "200 result=101", "200 result=0", "200 result=1 (2)", "200 result=1 (OK)",
                "200 result=1", "200 result=0", "200 result=0 endpos=8000", "200 result=1"), engine.replies);
            assertEquals(commands.size(), r.perCommand().count(), "one latency per command");
            assertEquals(0, r.fallbacks());
        }
    }

    @Test
    void anMSetHandOffWithFallbackCountsAsAFallback() throws Exception {
        try (ScriptedEngine engine = new ScriptedEngine(List.of("ANSWER",
                "EXEC \"MSet\" \"__CC_DESK=general,CC_QUEUE=ascc-fallback,CC_ACTION=fallback\""))) {
            AgiLoadDriver.Result r = new AgiLoadDriver(AgiLoadDriver.Config.of("127.0.0.1", engine.port(), "inbound", 1, 100, "1")).run();
            engine.close();

            assertEquals(1, r.completed(), r.summary());
            assertEquals(1, r.fallbacks(), r.summary());
            assertEquals(List.of("200 result=0", "200 result=0"), engine.replies);
        }
    }

    @Test
    void closedLoopRunsEverySessionOnceWithItsTranscript() throws Exception {
        List<String> commands = List.of("ANSWER", "GET VARIABLE \"X\"");
        try (ScriptedEngine engine = new ScriptedEngine(commands)) {
            AgiLoadDriver driver = new AgiLoadDriver(AgiLoadDriver.Config.of("127.0.0.1", engine.port(), "inbound", 6, 1, "1"), true);
            AgiLoadDriver.Result r = driver.runConcurrent(3, Duration.ofSeconds(30));
            engine.close();

            assertEquals(6, r.sessions(), r.summary());
            assertEquals(6, r.completed(), "at a rate of 1/s this would take 5 s; three callers go back to back: " + r.summary());
            for (int n = 0; n < 6; n++) {
                assertEquals(commands, driver.transcript(n));
            }
        }
    }

    @Test
    void playingTimeIsTheCallersAndStaysOutOfTheEngineLatency() throws Exception {
        Duration play = Duration.ofMillis(150);
        try (ScriptedEngine engine = new ScriptedEngine(List.of("STREAM FILE \"a\" \"\"", "STREAM FILE \"b\" \"\"",
                "SET VARIABLE CC_ACTION \"fallback\""))) {
            AgiLoadDriver.Result r = new AgiLoadDriver(AgiLoadDriver.Config.of("127.0.0.1", engine.port(), "inbound", 2, 100, "1")
                .withPlayTime(play)).run();
            engine.close();

            assertEquals(2, r.completed(), r.summary());
            assertEquals(2, r.fallbacks(), "CC_ACTION fallback, unquoted name as the engine's fallback sends it");
            assertTrue(r.sessionWall().p50() >= 2 * play.toNanos() / 1000, r.summary());
            long engineMicros = r.sessionEngine().max();
            long wallMicros = r.sessionWall().max();
            assertTrue(wallMicros - engineMicros >= 2 * play.toNanos() / 1000, "both playing times are outside: " + r.summary());
        }
    }

    @Test
    void countsRefusedConnects() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AgiLoadDriver.Result r = new AgiLoadDriver(AgiLoadDriver.Config.of("127.0.0.1", port, "inbound", 3, 1000, "1")).run();
        assertEquals(3, r.refused(), r.summary());
        assertEquals(0, r.completed());
    }

    @Test
    void splitsCommandsLikeAsteriskParseArgs() {
        assertEquals(List.of("SET", "VARIABLE", "A", "say \"hi\" \\"), AgiLoadDriver.words("SET VARIABLE \"A\" \"say \\\"hi\\\" \\\\\""));
        assertEquals(List.of("STREAM", "FILE", "x", ""), AgiLoadDriver.words("STREAM FILE x \"\""));
        Map<String, String> vars = new HashMap<>();
        AgiLoadDriver d = new AgiLoadDriver(AgiLoadDriver.Config.of("h", 1, "s", 1, 1, "1"));
        assertEquals("200 result=0", d.reply(0, "EXEC Read \"\"", vars).line());
        assertEquals("ERROR", vars.get("READSTATUS"));
    }
}
