package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.routing.config.CenterConfig;
import ascc.testsupport.sip.TestPhone;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The multi-box and multi-node ITs' side of {@code ivr-core/bin/netns} (docs/scale-out.md, "Namespaces"): its commands
 * (told that it.sh holds the real-stack lock), boxes rendered and started side by side, test phones registered on a box
 * from the bridge's address, an engine node spawned in a namespace, and an engine's {@code /health} and AMI gauges on
 * the address it listens on.
 */
final class Namespaces {
    static final String SCRIPT = System.getenv().getOrDefault("ASCC_NETNS_SCRIPT", "bin/netns");
    /** The root namespace's address on the bridge: the test phones and SIPp customers. */
    static final String BRIDGE = "10.77.0.1";
    /** The database's address on the bridge ({@code netns up} adds it; a test forwards it to MariaDB). */
    static final String DB_ADDRESS = "10.77.0.2";
    private static final Pattern SPAWNED = Pattern.compile("\\(pid (\\d+)\\)");

    private Namespaces() {
    }

    /** Runs {@code netns ARGS}, output to this test's output; its exit code. */
    static int run(String... args) throws IOException, InterruptedException {
        return start(args).waitFor();
    }

    static Process start(String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).inheritIO();
        pb.environment().put("ASCC_IT_LOCK_HELD", "1"); // it.sh holds /tmp/ascc-it.lock for this run
        return pb.start();
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(SCRIPT));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Renders each box's files ({@code ivr asterisk-config --box}) and starts the boxes {@code box-<id>} side by side. */
    static void startBoxes(CenterConfig config, String dirPrefix, String... boxIds) throws Exception {
        Process[] starting = new Process[boxIds.length];
        for (int i = 0; i < boxIds.length; i++) {
            Path out = Files.createDirectories(Path.of("target/" + dirPrefix + "-asterisk-" + boxIds[i]));
            AsteriskConfigRenderer.forBox(config, boxIds[i]).writeTo(out);
            starting[i] = start("start-box", "box-" + boxIds[i], out.toAbsolutePath().toString());
        }
        for (int i = 0; i < boxIds.length; i++) {
            assertEquals(0, starting[i].waitFor(), "netns start-box box-" + boxIds[i]);
        }
    }

    /**
     * Spawns {@code command} in namespace {@code ascc-<ns>} with {@code env} ({@code netns spawn}: stopped by
     * {@code netns down}); its pid (the command's own: {@code ip netns exec} and {@code nohup} exec it).
     */
    static long spawn(String ns, Path log, List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = command("spawn", ns, log.toAbsolutePath().toString(), "--");
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("ASCC_IT_LOCK_HELD", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> "netns spawn " + ns + ": " + out);
        Matcher m = SPAWNED.matcher(out);
        if (!m.find()) {
            throw new AssertionError("netns spawn " + ns + " named no pid: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    /** Whether {@code agent} is a free member of {@code queue} on box {@code box} (namespace name, e.g. box-a). */
    static boolean memberFree(String box, String queue, String agent) {
        try {
            Process p = new ProcessBuilder(SCRIPT, "box-cli", box, "queue show " + queue).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().anyMatch(l -> l.contains("PJSIP/" + agent + ")") && l.contains("Not in use"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A test phone of agent {@code agent} registered on the box at {@code boxAddress}, from the bridge's address. */
    static TestPhone phone(String agent, String boxAddress, int localPort) throws Exception {
        String password = RealStack.config().agents().get(agent).password().reveal();
        TestPhone p = TestPhone.start(agent, password, boxAddress, 5060, BRIDGE, localPort, Clock.systemUTC());
        p.register(Duration.ofSeconds(5));
        return p;
    }

    /** GET {@code http://host:port/path} (bearer {@code token} unless null). */
    static HttpResponse<String> get(String host, int port, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).timeout(Duration.ofSeconds(3));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A labelled series on the engine's {@code /metrics}, e.g. {@code ascc_ami_connected{box="b"}}; -1 when absent or no answer. */
    static double series(String host, int http, String series) {
        try {
            String prefix = series + " ";
            return get(host, http, "/metrics", "it-admin-token").body().lines().filter(l -> l.startsWith(prefix))
                    .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim())).findFirst().orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code ascc_ami_connected{box="<box>"}}: 1 up, 0 down, -1 no answer. */
    static double amiConnected(String host, int http, String box) {
        return series(host, http, "ascc_ami_connected{box=\"" + box + "\"}");
    }

    /** The engine's {@code /health} body, "" when it does not answer. */
    static String health(String host, int http) {
        try {
            return get(host, http, "/health", null).body();
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
