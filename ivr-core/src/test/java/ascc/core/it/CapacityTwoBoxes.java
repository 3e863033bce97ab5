package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.CenterConfig;
import ascc.testsupport.time.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two-box, two-node setups of {@link CapacityIT} ({@code engine2x2}, {@code floor2x2}) in network namespaces, with
 * the harness of the namespace tests ({@code ivr-core/bin/netns}, {@link Namespaces}): Asterisk boxes ascc-box-a
 * 10.77.0.10 and ascc-box-b 10.77.0.11, engine nodes (or bare FastAGI responders) in ascc-node-1 10.77.0.21 and
 * ascc-node-2 10.77.0.22, MariaDB reached by the nodes at 10.77.0.2:3306 (forwarded to 127.0.0.1). Box a's dialplan
 * tries node 1 first, box b's node 2 first (each node serves its box; the other is the failover), so the FastAGI load is
 * split as the SIP load is. A step offers half the rate to each box from the bridge's address (two SIPp side by side)
 * and is reported as one run ({@link OverloadRun#together}).
 *
 * <p>The nodes are full engines ({@code ivr run}, C2 on, {@code cap.nodeJvm} for extra JVM options, e.g. a JFR
 * recording), each following both boxes' AMI, as in production with two boxes; the floor is benchmarks'
 * {@code AgiFloorServer} listening on the node's address ({@code cap.floorCommand} plus that address).
 */
final class CapacityTwoBoxes implements AutoCloseable {
    static final String BOX_A = "10.77.0.10";
    static final String BOX_B = "10.77.0.11";
    static final String NODE_1 = "10.77.0.21";
    static final String NODE_2 = "10.77.0.22";
    private static final int HTTP = 8491;
    /** USER_HZ of /proc/<pid>/stat's utime and stime: 100 on Linux x86_64. */
    private static final long CLOCK_TICKS = 100;
    private static final Pattern CHANNELS = Pattern.compile("(\\d+) active channels?");
    /** The namespace tests' engine.yaml with the capacity of the run's limits and each box's own node first. */
    private static final String ENGINE_YAML = """
            agi:
              bind: ${ASCC_AGI_BIND:-127.0.0.1}
              port: 4591
              url-host: 10.77.0.21
              nodes: ["${ASCC_AGI_NODE_FIRST:-10.77.0.21:4591}", "${ASCC_AGI_NODE_SECOND:-10.77.0.22:4591}"]
              allowed-peers: [10.77.0.0/24]
              secret: capacity2x2-agi-secret-0123
            cluster:
              node-id: ${ASCC_NODE_ID:-cap-test}
              lease-ttl-ms: 6000
              renew-every-ms: 2000
            boxes:
              - {id: a, ami-host: 10.77.0.10, ami-port: 5038, ami-username: ascc-it, ami-secret: box-a-ami-secret,
                 sip-address: 10.77.0.10, trunk-capacity: 20}
              - {id: b, ami-host: 10.77.0.11, ami-port: 5038, ami-username: ascc-it, ami-secret: box-b-ami-secret,
                 sip-address: 10.77.0.11, trunk-capacity: 20}
            database:
              url: "${ASCC_DB_URL:-}"
              username: ${ASCC_DB_USER:-ascc}
              password: ${ASCC_DB_PASSWORD:-ascc}
              embedded-path: target/capacity2x2-db/ascc
              spool-dir: ${ASCC_SPOOL_DIR:-target/capacity2x2-spool}
            http:
              bind: ${ASCC_HTTP_BIND:-127.0.0.1}
              port: 8491
              admin-token: it-admin-token
            center:
              timezone: Asia/Seoul
              shared-numbers: ["0700000000"]
              general-desk: general
            asterisk:
              sip-bind: 10.77.0.10
              sip-port: 5060
              trunk-match: [10.77.0.1]
            capacity:
              max-calls: ${ASCC_MAX_CALLS:-1000}
              agi-max-sessions: ${ASCC_AGI_MAX_SESSIONS:-1000}
            """;

    private final String setup;
    private final Map<String, String> limits;
    private final Path conf;
    private final List<Long> pids = new ArrayList<>();
    private final java.util.concurrent.ExecutorService sippThreads = java.util.concurrent.Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("capacity2x2-sipp-", 0).daemon(true).factory());
    private TcpProxy database;

    private CapacityTwoBoxes(String setup, Map<String, String> limits) throws IOException {
        this.setup = setup;
        this.limits = limits;
        this.conf = ConfCopy.of("capacity2x2-conf", "engine.yaml", ENGINE_YAML);
    }

    /**
     * Brings up the namespaces, the two boxes and, for {@code engine2x2}, two engine nodes logged in to both boxes, or
     * for {@code floor2x2}, a bare responder per node address ({@code floorCommand}).
     */
    static CapacityTwoBoxes up(String setup, Map<String, String> limits, String floorCommand) throws Exception {
        CapacityTwoBoxes c = new CapacityTwoBoxes(setup, limits);
        try {
            c.start(floorCommand);
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void start(String floorCommand) throws Exception {
        Namespaces.run("down"); // anything a killed earlier run left
        assertEquals(0, Namespaces.run("up", "box-a:" + BOX_A, "box-b:" + BOX_B, "node-1:" + NODE_1, "node-2:" + NODE_2), "netns up");
        if (setup.equals("engine2x2")) {
            URI db = URI.create(RealStack.DB_URL.substring("jdbc:".length()));
            database = TcpProxy.forward(InetAddress.getByName(Namespaces.DB_ADDRESS), 3306, InetAddress.getByName(db.getHost()),
                    db.getPort() < 0 ? 3306 : db.getPort());
            try (Connection c = RealStack.db(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM cluster_lease"); // leases an earlier run's nodes left
            } catch (java.sql.SQLException e) {
                // the table is made by the first node's migrations
            }
            pids.add(spawnNode("node-1", NODE_1));
            pids.add(spawnNode("node-2", NODE_2));
        } else {
            assertTrue(!floorCommand.isBlank(), "cap.floorCommand: the bare FastAGI responder's command line");
            pids.add(spawnFloor(floorCommand, "node-1", NODE_1));
            pids.add(spawnFloor(floorCommand, "node-2", NODE_2));
        }
        // each box tries its own node first: box a node 1, box b node 2
        startBox("a", NODE_1, NODE_2);
        startBox("b", NODE_2, NODE_1);
        if (setup.equals("engine2x2")) {
            for (String node : List.of(NODE_1, NODE_2)) {
                Await.until(() -> Namespaces.amiConnected(node, HTTP, "a") == 1 && Namespaces.amiConnected(node, HTTP, "b") == 1,
                        Duration.ofSeconds(180), () -> "engine node " + node + " up with both boxes");
            }
        } else {
            for (String node : List.of(NODE_1, NODE_2)) {
                Await.until(() -> listening(node), Duration.ofSeconds(60), () -> "floor server on " + node + ":4591");
            }
        }
    }

    private void startBox(String box, String firstNode, String secondNode) throws Exception {
        Map<String, String> env = new HashMap<>(RealStack.engineEnv(limits));
        env.put("ASCC_AGI_NODE_FIRST", firstNode + ":4591");
        env.put("ASCC_AGI_NODE_SECOND", secondNode + ":4591");
        CenterConfig config = ConfigLoader.load(conf, env);
        Path out = Files.createDirectories(Path.of("target/capacity2x2-asterisk-" + box));
        AsteriskConfigRenderer.forBox(config, box).writeTo(out);
        assertEquals(0, Namespaces.run("start-box", "box-" + box, out.toAbsolutePath().toString()), "netns start-box box-" + box);
    }

    private long spawnNode(String ns, String address) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(RealStack.engineEnv(limits));
        env.put("ASCC_DB_URL", RealStack.DB_URL.replaceFirst("//[^/]+/", "//" + Namespaces.DB_ADDRESS + ":3306/"));
        env.put("ASCC_NODE_ID", "cap-" + ns);
        env.put("ASCC_AGI_BIND", address);
        env.put("ASCC_HTTP_BIND", address);
        env.put("ASCC_SPOOL_DIR", "target/capacity2x2-spool-" + ns);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m"));
        String extra = System.getProperty("cap.nodeJvm", "").replace("NODE", ns);
        if (!extra.isBlank()) {
            cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        cmd.addAll(RealStack.jvmTuning());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "ascc.core.cli.Main", "run", "--conf", conf.toString()));
        return Namespaces.spawn(ns, logOf(ns), cmd, env);
    }

    private long spawnFloor(String floorCommand, String ns, String address) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(Arrays.asList(floorCommand.split(" ")));
        cmd.add(address);
        return Namespaces.spawn(ns, logOf(ns), cmd, RealStack.engineEnv(limits));
    }

    private Path logOf(String ns) throws IOException {
        Path dir = Files.createDirectories(Path.of("target/engine-process"));
        return dir.resolve("capacity2x2-" + setup + "-" + ns + ".log").toAbsolutePath();
    }

    private static boolean listening(String address) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(address, 4591), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * One step: {@code rate} new calls/s for {@code calls} calls in all, half to each box (two SIPp from the bridge's
     * address, SIP ports {@code sipPort} and {@code sipPort + 500}), reported as one run.
     */
    OverloadRun step(String name, String service, double rate, int calls, int holdMs, int sipPort) {
        int toA = (calls + 1) / 2;
        // a thread each, so both SIPp run at once (the common pool has one worker on 2 cores: it would run them in turn)
        CompletableFuture<OverloadRun> a = CompletableFuture.supplyAsync(() -> OverloadRun.run(name, service, rate / 2, toA, holdMs,
                sipPort, BOX_A, 5060, Namespaces.BRIDGE, 6300), sippThreads);
        CompletableFuture<OverloadRun> b = CompletableFuture.supplyAsync(() -> OverloadRun.run(name, service, rate / 2, calls - toA,
                holdMs, sipPort + 500, BOX_B, 5060, Namespaces.BRIDGE, 6400), sippThreads);
        OverloadRun both = OverloadRun.together(name, List.of(a.join(), b.join()));
        long apart = Math.abs(a.join().startedEpochMs() - b.join().startedEpochMs());
        assertTrue(apart < 2000, "the two SIPp started " + apart + " ms apart: they must run side by side");
        return both;
    }

    /** Waits (up to 30 s) until neither box has a channel up; the channels left on both. */
    long awaitNoChannels() {
        try {
            Await.until(() -> channels("box-a") + channels("box-b") == 0, Duration.ofSeconds(30), () -> "both boxes' channels at 0");
        } catch (AssertionError e) {
            // reported with the count
        }
        return channels("box-a") + channels("box-b");
    }

    private static long channels(String box) {
        try {
            Process p = new ProcessBuilder(Namespaces.SCRIPT, "box-cli", box, "core show channels count").redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = CHANNELS.matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** What the nodes served: each engine node's {@code ascc_agi_sessions_total}; for the floor, its log files. */
    String served() {
        if (!setup.equals("engine2x2")) {
            return "floor servers' logs in target/engine-process/capacity2x2-floor2x2-node-*.log";
        }
        return "FastAGI sessions served: node 1 " + sessions(NODE_1) + ", node 2 " + sessions(NODE_2);
    }

    private static String sessions(String node) {
        try {
            Matcher m = Pattern.compile("(?m)^ascc_agi_sessions_total(?:\\{[^}]*})? ([0-9.eE+]+)$")
                    .matcher(Namespaces.get(node, HTTP, "/metrics", "it-admin-token").body());
            return m.find() ? m.group(1) : "unknown";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    /** CPU (user + system) of each spawned process so far, ms, from {@code /proc/<pid>/stat} (-1: gone). */
    long[] processCpuMillis() {
        long[] out = new long[pids.size()];
        for (int i = 0; i < out.length; i++) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pids.get(i) + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                out[i] = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000 / CLOCK_TICKS;
            } catch (IOException | RuntimeException e) {
                out[i] = -1;
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        sippThreads.shutdownNow();
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy)); // SIGTERM: the nodes shut down cleanly
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(h -> {
                try {
                    h.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    h.destroyForcibly();
                }
            });
        }
        try {
            Namespaces.run("down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (database != null) {
            database.close();
        }
    }
}
