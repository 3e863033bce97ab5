package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import ascc.testsupport.time.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two engine nodes on the sandbox Asterisk (#17, docs/scale-out.md): node A in its own JVM ({@code ivr run}, AGI 4591,
 * HTTP 8491) starts first and holds every lease; node B in this JVM (AGI 4592, HTTP 8492). The rendered dialplan tries
 * 4591, then 4592 ({@code agi.nodes}). Callers of the appliance desk wait for two overflow steps (3 s and 16 s; steps that
 * add agents of other desks, so the callers stay in the queue). Node A is killed with SIGKILL after the first steps:
 * the leases move to B within 10 s, a caller arriving after the kill is served by B (the dialplan skips the dead node), and
 * every caller has each step it waited for exactly once in {@code call_overflow_step}, whichever node took it.
 * {@code ASCC_FAULT_CLUSTER_CALLERS} (default 2; {@code bin/fault-suite} long run: 8) callers wait through the kill.
 */
class ClusterFailoverIT {
    static final String FILE = "f-cluster-failover";
    private static final Path ASTERISK_ETC = RealStack.ASTERISK_ROOT.resolve("etc/asterisk");
    private static final String QUEUE = "desk-appliance";
    private final ExecutorService callers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cluster-it-caller");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @AfterEach
    void after() throws Exception {
        RealStack.asteriskCli("channel request hangup all");
        callers.shutdownNow();
        callers.awaitTermination(5, TimeUnit.SECONDS);
        for (String agent : List.of("2301", "2202")) { // members the steps added, should a node not have released them
            RealStack.asteriskCli("queue remove member PJSIP/" + agent + " from " + QUEUE);
        }
        // back to the IT dialplan (one node) for the ITs after this one
        if (new AsteriskConfigRenderer(RealStack.config()).writeTo(ASTERISK_ETC).contains("extensions.conf")) {
            RealStack.asteriskCli("dialplan reload");
        }
    }

    private static Path clusterConf() throws Exception {
        Path conf = Files.createDirectories(Path.of("target/it-conf-cluster"));
        try (var files = Files.list(RealStack.IT_CONF)) {
            for (Path f : files.toList()) {
                Files.copy(f, conf.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path engine = conf.resolve("engine.yaml");
        Files.writeString(engine, Files.readString(engine)
                .replace("  url-host: 127.0.0.1\n", "  url-host: 127.0.0.1\n  nodes: [127.0.0.1:4591, 127.0.0.1:4592]\n")
                .replace("  embedded-path:", "  spool-dir: ${ASCC_SPOOL_DIR}\n  embedded-path:"));
        Files.writeString(conf.resolve("overflow.yaml"), "desks:\n  appliance:\n"
                + "    - {after-seconds: 3, add-agents-of: care}\n"
                + "    - {after-seconds: 16, add-agents-of: general}\n");
        return conf;
    }

    private CompletableFuture<SippResult> waitingCaller(String number, int localPort) {
        CustomerCall c = CustomerCall.of("11", Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(120))
                .withCaller(number).withEnding(CustomerCall.Ending.WAIT_FOR_BYE);
        return CompletableFuture.supplyAsync(() -> Sipp.builder().scenarioXml("cluster-" + number, c.toXml())
                .remote("127.0.0.1", 5060).service("0700000001").calls(1).localPort(localPort)
                .timeout(Duration.ofSeconds(150)).run(), callers);
    }

    @Test
    void killingTheLeaseHolderMovesItsLeasesWithinTenSecondsAndEveryOverflowStepIsTakenExactlyOnce() throws Exception {
        Path conf = clusterConf();
        Instant since = Instant.now().minusSeconds(1);
        try (Connection c = RealStack.db(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM cluster_lease");
        } catch (java.sql.SQLException e) {
            // the table is made by the first engine's migrations
        }
        EngineProcess a = EngineProcess.start("cluster-a", conf, Map.of("ASCC_AGI_PORT", "4591",
                "ASCC_ASTERISK_CONFIG_DIR", ASTERISK_ETC.toString(), "ASCC_SPOOL_DIR", "target/cluster-spool-a"), 8491);
        List<CompletableFuture<SippResult>> running = new ArrayList<>();
        try {
            a.awaitUp(Duration.ofSeconds(120));
            Await.until(() -> owner("overflow").endsWith("-8491"), Duration.ofSeconds(20), () -> "node A holds lease overflow");
            Await.until(() -> cli("dialplan show ascc-inbound").contains("127.0.0.1:4592"), Duration.ofSeconds(20),
                    () -> "the dialplan tries both nodes");
            try (Engine b = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of("ASCC_AGI_PORT", "4592",
                    "ASCC_HTTP_PORT", "8492", "ASCC_SPOOL_DIR", "target/cluster-spool-b")), Clock.systemUTC(), "it-node-b"));
                 EngineView viewB = EngineView.of(b)) {
                viewB.awaitAmiConnected();
                int before = Fault.param("cluster-callers", 2);
                for (int i = 0; i < before; i++) {
                    running.add(waitingCaller("0105557100" + i, 5611 + i));
                }
                Await.until(() -> OverflowStepRows.stepsTaken(since, 1).size() == before, Duration.ofSeconds(40),
                        () -> "step 1 on the " + before + " callers (node A): " + OverflowStepRows.stepsTaken(since, 1));
                assertTrue(owner("overflow").endsWith("-8491"), "node A still holds the lease: " + owner("overflow"));

                long killedAt = System.nanoTime();
                a.kill9();
                Await.until(() -> owner("overflow").endsWith("-8492") && owner("cdr:default").endsWith("-8492")
                        && owner("staffing").endsWith("-8492"), Duration.ofSeconds(15), () -> "node B holds the leases");
                long movedMs = (System.nanoTime() - killedAt) / 1_000_000;
                Fault.progress("cluster: leases moved to node B " + movedMs + " ms after node A was killed");
                assertTrue(movedMs <= 10_000, "leases moved within 10 s: " + movedMs + " ms");

                // a caller after the kill: AGI to 4591 fails, 4592 (node B) serves the call into the desk's queue
                running.add(waitingCaller("01055571099", 5611 + before));
                Await.until(() -> OverflowStepRows.stepsTaken(since, 1).size() == before + 1, Duration.ofSeconds(40),
                        () -> "step 1 on the caller served by node B: " + OverflowStepRows.stepsTaken(since, 1));
                Await.until(() -> OverflowStepRows.stepsTaken(since, 2).size() >= before, Duration.ofSeconds(40),
                        () -> "step 2 on the first callers (node B): " + OverflowStepRows.stepsTaken(since, 2));

                Map<String, Integer> perStep = OverflowStepRows.stepCounts(since);
                Fault.progress("cluster: overflow step rows per caller|step: " + perStep + "; waiting on node B "
                        + viewB.waitingIn(QUEUE).size());
                long rows = perStep.values().stream().mapToLong(Integer::longValue).sum();
                long expected = 2L * before + 1; // steps 1 and 2 on the callers before the kill, step 1 on the one after
                boolean holds = movedMs <= 10_000 && rows == perStep.size() && perStep.size() >= expected;
                Fault.report(FILE, new Fault.Row("(f) lease holder kill -9, two engine nodes", (before + 1) + " callers waiting"
                        + " for 2 overflow steps", "1 kill", before + 1, rows, Math.max(0, expected - perStep.size()),
                        rows - perStep.size(), "leases moved in " + movedMs + " ms", "new call served by the other node", holds));
                assertTrue(perStep.values().stream().allMatch(n -> n == 1), "no step taken twice: " + perStep);
                TreeSet<String> first = OverflowStepRows.stepsTaken(since, 1);
                TreeSet<String> second = OverflowStepRows.stepsTaken(since, 2);
                assertEquals(before + 1, first.size(), "every caller had step 1: " + perStep);
                assertTrue(first.containsAll(second), "step 2 only on callers that had step 1: " + perStep);
                assertTrue(second.size() >= before, "the callers that waited 16 s had step 2 (taken by node B): " + perStep);
                assertEquals(before + 1, viewB.waitingIn(QUEUE).size(), "node B follows every waiting caller");
            }
        } finally {
            RealStack.asteriskCli("channel request hangup all");
            a.kill9();
        }
    }

    private static String owner(String lease) {
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("SELECT owner FROM cluster_lease WHERE name = ?")) {
            ps.setString(1, lease);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "";
            }
        } catch (java.sql.SQLException e) {
            return "";
        }
    }


    private static String cli(String command) {
        try {
            return RealStack.asteriskCli(command);
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
