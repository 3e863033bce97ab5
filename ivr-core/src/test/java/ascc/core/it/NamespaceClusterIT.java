package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.CenterConfig;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import ascc.testsupport.time.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #17's proof in network namespaces ({@code ivr-core/bin/netns}, loopback-only): two Asterisk boxes (ascc-box-a
 * 10.77.0.10, ascc-box-b 10.77.0.11) and two engine nodes (ascc-node-1 10.77.0.21, ascc-node-2 10.77.0.22, each its own
 * JVM spawned in its namespace, {@code boxes} [a, b]) on one MariaDB, which the nodes reach at 10.77.0.2:3306 (an address
 * of the bridge, forwarded by this test to MariaDB on 127.0.0.1). Nodes and boxes start side by side; H is the node that
 * wins the overflow lease, F the other, and the boxes' dialplans try F, then H ({@code agi.nodes}). Agents registered on
 * both boxes take a steady SIPp load on both boxes (digital desk); callers of the appliance desk on box a wait for two
 * overflow steps (3 s and 10 s; steps that add agents of other desks, so they stay in the queue), then a callback offer
 * (20 s, F's) which they accept (key 1): their place holders wait in box a's queue. Then, under the load:
 * <ol>
 *   <li>H is cut from the database (a blackhole route in its namespace: real packet loss) for
 *       {@code ASCC_FAULT_PARTITION_SECONDS} (quick 10, long 30): its {@code ascc_cluster_lease_held} gauge falls to 0
 *       before F takes the leases (sampled together; never both), F takes them within 10 s, no overflow step is taken by
 *       H after the take-over (its log), and after healing H rejoins as a follower;</li>
 *   <li>box b is stopped: its calls end, box a carries on, {@code /health} of both nodes shows box b DOWN and box a UP;</li>
 *   <li>F (the lease holder now, first in the dialplans' order) is killed with SIGKILL once every waiting caller's
 *       callback is booked and placed: the leases move to H within 10 s, H follows the place holders F left (placed
 *       once each: both nodes' logs; one place holder each in box a's queue; still QUEUED), and new callers are served
 *       by H through the dialplan's failover (their overflow step is taken).</li>
 * </ol>
 * At the end every caller has each step it waited for exactly once in {@code call_overflow_step}, and no call has two
 * records. The long version ({@code bin/fault-suite --only g}) runs more callers and the 30 s partition and writes its row
 * ({@code g-namespace-cluster}).
 */
class NamespaceClusterIT {
    static final String FILE = "g-namespace-cluster";
    private static final String BOX_A = "10.77.0.10";
    private static final String BOX_B = "10.77.0.11";
    private static final String NODE_1 = "10.77.0.21";
    private static final String NODE_2 = "10.77.0.22";
    private static final int HTTP = 8491;
    /** The leases a holder takes: one CDR lease per box ("cdr:<box>"). */
    private static final List<String> LEASES = List.of("overflow", "staffing", "cdr:a", "cdr:b");
    private static final String AGI_CLUSTER_YAML = """
            agi:
              bind: ${ASCC_AGI_BIND:-127.0.0.1}
              port: 4591
              url-host: 10.77.0.21
              # the order the boxes' dialplans try: the test renders it again once it knows which node holds the leases
              nodes: ["${ASCC_AGI_NODE_FIRST:-10.77.0.22:4591}", "${ASCC_AGI_NODE_SECOND:-10.77.0.21:4591}"]
              allowed-peers: [10.77.0.0/24]
              secret: nscluster-it-agi-secret-0123
            cluster:
              node-id: ${ASCC_NODE_ID:-ns-test}
              lease-ttl-ms: 6000
              renew-every-ms: 2000
            """;
    /** When the waiting callers are offered a callback: after F took the leases from the cut H (step 2 at 10 s is F's). */
    private static final int OFFER_AFTER_SECONDS = 20;
    /** Step 3 offers the waiting callers a callback, which they accept (key 1); no appliance agent is on either box. */
    private static final String OVERFLOW_YAML = """
            trunk-dial: PJSIP/customer-trunk/sip:{number}@10.77.0.1:5099
            callback: {attempts: 1, backoff-seconds: 5, ring-seconds: 15, max-wait-seconds: 900}
            desks:
              appliance:
                - {after-seconds: 3, add-agents-of: care}
                - {after-seconds: 10, add-agents-of: general}
                - {after-seconds: %d, offer-callback: true}
            """.formatted(OFFER_AFTER_SECONDS);
    private static final Instant T0 = Instant.now();
    private static Path conf;
    private static TcpProxy database;
    /** The spawned nodes' pids by address. */
    private static final Map<String, Long> PIDS = new java.util.concurrent.ConcurrentHashMap<>();
    private final ExecutorService callers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "nscluster-it-caller");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void network() throws Exception {
        conf = TwoBoxConf.write("nscluster", AGI_CLUSTER_YAML, "${ASCC_SPOOL_DIR:-target/nscluster-spool}", "${ASCC_HTTP_BIND:-127.0.0.1}",
                "8491", OVERFLOW_YAML);
        // every waiting caller's callback place holder gets a trunk slot at once (it-conf has 4)
        Path campaigns = conf.resolve("campaigns.yaml");
        Files.writeString(campaigns, Files.readString(campaigns).replace("trunk-channels: 4", "trunk-channels: 16"));
        CenterConfig config = ConfigLoader.load(conf, RealStack.engineEnv(Map.of()));
        Namespaces.run("down"); // anything a killed earlier run left
        assertEquals(0, Namespaces.run("up", "box-a:" + BOX_A, "box-b:" + BOX_B, "node-1:" + NODE_1, "node-2:" + NODE_2), "netns up");
        URI db = URI.create(RealStack.DB_URL.substring("jdbc:".length()));
        database = TcpProxy.forward(InetAddress.getByName(Namespaces.DB_ADDRESS), 3306, InetAddress.getByName(db.getHost()),
                db.getPort() < 0 ? 3306 : db.getPort());
        try (Connection c = RealStack.db(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM cluster_lease");
        } catch (java.sql.SQLException e) {
            // the table is made by the first node's migrations
        }
        // both nodes and both boxes start side by side: a node logs in to a box as soon as it is up
        PIDS.put(NODE_1, spawnNode("node-1", NODE_1));
        PIDS.put(NODE_2, spawnNode("node-2", NODE_2));
        Namespaces.startBoxes(config, "nscluster", "a", "b");
        progress("two boxes up, two nodes starting");
    }

    @AfterAll
    static void down() throws Exception {
        Namespaces.run("heal", "node-1", Namespaces.DB_ADDRESS);
        Namespaces.run("heal", "node-2", Namespaces.DB_ADDRESS);
        PIDS.values().forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly)); // the database is dropped next run
        Namespaces.run("down");
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aNodeCutFromTheDatabaseStopsBeforeTheOtherTakesOverABoxStoppedIsSeenByBothAndAKilledHolderFailsOver() throws Exception {
        int partitionSeconds = Fault.param("partition-seconds", 10);
        int waiting = Fault.param("ns-waiting-callers", 2);
        int afterKill = Fault.param("ns-callers-after-kill", 1);
        long loadPeriodMs = Fault.param("ns-load-period-ms", 4000);
        Instant since = Instant.now().minusSeconds(1);
        List<Sipp.Running> load = new ArrayList<>();
        List<CompletableFuture<SippResult>> waiters = new ArrayList<>();
        try (TestPhone onA = Namespaces.phone("2201", BOX_A, 5181);
             TestPhone onB = Namespaces.phone("2202", BOX_B, 5182)) {
            onA.setAutoAnswer(Duration.ofMillis(200));
            onB.setAutoAnswer(Duration.ofMillis(200));
            awaitNode(NODE_1, Duration.ofSeconds(120));
            awaitNode(NODE_2, Duration.ofSeconds(120));
            Await.until(() -> owner("overflow").startsWith("ns-node-"), Duration.ofSeconds(20), () -> "a node holds the leases");
            // H: the node that won the overflow lease; F: the other. The boxes' dialplans try F first, then H, so that the
            // kill of F (the holder by then) sends new calls through the dialplan's failover to H
            Node h = owner("overflow").equals("ns-node-1") ? new Node("node-1", NODE_1) : new Node("node-2", NODE_2);
            Node f = h.ns().equals("node-1") ? new Node("node-2", NODE_2) : new Node("node-1", NODE_1);
            dialplanTries(f, h);
            progress("both nodes up, " + h.ns() + " holds " + owners() + "; the dialplans try " + f.ns() + ", then " + h.ns());
            Await.until(() -> Namespaces.memberFree("box-a", "desk-digital", "2201")
                    && Namespaces.memberFree("box-b", "desk-digital", "2202"), Duration.ofSeconds(20), () -> "2201 free on a, 2202 on b");
            load.add(loadStream(BOX_A, 0, loadPeriodMs));
            load.add(loadStream(BOX_B, 1, loadPeriodMs));

            // (1) the lease holder H cut from the database
            for (int i = 0; i < waiting; i++) { // they accept the callback offer (step 3) with key 1
                waiters.add(waitingCaller(String.format(Locale.ROOT, "0105557%04d", i), 5611 + i, ACCEPTING));
            }
            Await.until(() -> OverflowStepRows.stepsTaken(since, 1).size() == waiting, Duration.ofSeconds(40),
                    () -> "step 1 on the " + waiting + " callers (" + h.ns() + "): " + OverflowStepRows.stepCounts(since));
            Await.until(() -> !onA.calls().isEmpty() && !onB.calls().isEmpty(), Duration.ofSeconds(30),
                    () -> "the load reaches the agents on both boxes");
            assertEquals(h.id(), owner("overflow"), "H still holds the overflow lease");
            long takenBefore = takenIn(h);
            assertEquals(0, Namespaces.run("cut", h.ns(), Namespaces.DB_ADDRESS), "netns cut");
            long cut = System.nanoTime();
            long[] firstStopped = {-1};
            long[] takenOver = {-1};
            int[] both = {0};
            Await.until(() -> {
                boolean held = held(h) == 1;
                boolean other = owner("overflow").equals(f.id());
                long now = System.nanoTime();
                if (!held && firstStopped[0] < 0) {
                    firstStopped[0] = now;
                }
                if (other && takenOver[0] < 0) {
                    takenOver[0] = now;
                }
                if (held && other) {
                    both[0]++;
                }
                return takenOver[0] > 0 && firstStopped[0] > 0 && LEASES.stream().allMatch(l -> owner(l).equals(f.id()));
            }, Duration.ofSeconds(20), () -> f.ns() + " takes the leases from " + h.ns() + ", cut from the database: " + owners());
            long stoppedMs = (firstStopped[0] - cut) / 1_000_000;
            long takeoverMs = (takenOver[0] - cut) / 1_000_000;
            long takenAtTakeover = takenIn(h);
            progress("partition: " + h.ns() + " stopped acting " + stoppedMs + " ms after the cut, " + f.ns() + " took the leases at "
                    + takeoverMs + " ms; samples with both acting: " + both[0]);
            Await.until(() -> OverflowStepRows.stepsTaken(since, 2).size() == waiting, Duration.ofSeconds(40),
                    () -> "step 2 on the " + waiting + " callers (" + f.ns() + "): " + OverflowStepRows.stepCounts(since));
            Await.until(() -> System.nanoTime() - cut >= TimeUnit.SECONDS.toNanos(partitionSeconds),
                    Duration.ofSeconds(partitionSeconds + 5L), () -> "the partition's length");
            assertEquals(0, Namespaces.run("heal", h.ns(), Namespaces.DB_ADDRESS), "netns heal");
            long healed = System.nanoTime();
            Await.until(() -> logHas(h, "lease 'overflow' lost by node " + h.id()), Duration.ofSeconds(90),
                    () -> h.ns() + " rejoins as a follower after healing (log " + logOf(h.ns()) + ")");
            long rejoinMs = (System.nanoTime() - healed) / 1_000_000;
            long fencedAfter = takenIn(h) - takenAtTakeover;
            progress("partition healed after " + partitionSeconds + " s: " + h.ns() + " rejoined as a follower " + rejoinMs
                    + " ms later; steps it took after the take-over: " + fencedAfter + " (before the cut: " + takenBefore + ")");
            assertEquals(0, held(h), "H is a follower");
            assertEquals(f.id(), owner("overflow"), "F keeps the lease");

            // (2) box b stopped
            load.get(1).stopPlacingCalls();
            long boxStop = System.nanoTime();
            assertEquals(0, Namespaces.run("stop-box", "box-b"), "netns stop-box box-b");
            Await.until(() -> onB.calls().stream().allMatch(c -> c.state().isFinal()), Duration.ofSeconds(20),
                    () -> "box b's calls end with their box: " + onB.calls());
            for (String node : List.of(NODE_1, NODE_2)) {
                // one answer with both (a single read can time out: the node healed from its cut a moment ago)
                Await.until(() -> {
                    String health = Namespaces.health(node, HTTP);
                    return health.contains("\"ami-b\":\"DOWN\"") && health.contains("\"ami-a\":\"UP\"");
                }, Duration.ofSeconds(20), () -> "box b DOWN and box a UP on /health of " + node + ": "
                        + Namespaces.health(node, HTTP));
            }
            long boxDownMs = (System.nanoTime() - boxStop) / 1_000_000;
            int answeredOnA = onA.calls().size();
            Await.until(() -> onA.calls().size() > answeredOnA, Duration.ofSeconds(30), () -> "box a carries on: " + onA.calls());
            progress("box b stopped: both nodes report it DOWN within " + boxDownMs + " ms, box a carries on");

            // (3) the lease holder F (first in the dialplans' order) killed, with the waiting callers' callbacks pending: each
            // booked (key 1 in F's offer) and its place holder waiting in box a's queue
            Await.until(() -> NsCallbacks.booked(since).size() == waiting && NsCallbacks.placeHolders("box-a").keySet()
                    .containsAll(NsCallbacks.booked(since).keySet()), Duration.ofSeconds(60), () -> "each waiting caller's callback"
                    + " booked and placed before the kill: " + NsCallbacks.booked(since) + "; box a's place holders "
                    + NsCallbacks.placeHolders("box-a"));
            Map<String, String> booked = NsCallbacks.booked(since);
            progress("callbacks pending at the kill: " + booked.size() + " booked, place holders on box a "
                    + NsCallbacks.placeHolders("box-a"));
            assertEquals(f.id(), owner("overflow"));
            long pid = PIDS.get(f.address());
            long killed = System.nanoTime();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Await.until(() -> ProcessHandle.of(pid).isEmpty(), Duration.ofSeconds(20), () -> f.ns() + " gone after SIGKILL");
            for (int i = 0; i < afterKill; i++) { // AGI to F refused: the dialplan goes on to H
                waiters.add(waitingCaller(String.format(Locale.ROOT, "0105558%04d", i), 5611 + waiting + i, "11"));
            }
            Await.until(() -> LEASES.stream().allMatch(l -> owner(l).equals(h.id())), Duration.ofSeconds(20),
                    () -> h.ns() + " takes the leases from the killed " + f.ns() + ": " + owners());
            long movedMs = (System.nanoTime() - killed) / 1_000_000;
            progress("kill -9 of " + f.ns() + ": leases moved to " + h.ns() + " in " + movedMs + " ms");
            // H's recover at its lease gain: the live place holders are followed, not placed again
            Await.until(() -> logHas(h, "callbacks taken over after a (re)start: " + waiting + " of "), Duration.ofSeconds(20),
                    () -> h.ns() + " takes over the " + waiting + " callbacks F was serving (log " + logOf(h.ns()) + ")");
            Map<String, Integer> holdersAfter = NsCallbacks.placeHolders("box-a");
            Map<String, Integer> placedBy = NsCallbacks.placedInLogs(booked.keySet(), logOf(f.ns()), logOf(h.ns()));
            Map<String, String> statusAfter = NsCallbacks.booked(since);
            long cbDialedOnce = booked.keySet().stream().filter(id -> placedBy.getOrDefault(id, 0) == 1
                    && holdersAfter.getOrDefault(id, 0) == 1).count();
            long cbDoubled = booked.keySet().stream().filter(id -> placedBy.getOrDefault(id, 0) > 1
                    || holdersAfter.getOrDefault(id, 0) > 1).count();
            long cbLost = booked.keySet().stream().filter(id -> holdersAfter.getOrDefault(id, 0) == 0
                    || !"QUEUED".equals(statusAfter.get(id))).count();
            progress("callbacks after the kill: place holders on box a " + holdersAfter + ", placed (node logs) " + placedBy
                    + ", stored " + statusAfter);
            Await.until(() -> OverflowStepRows.stepsTaken(since, 1).size() == waiting + afterKill, Duration.ofSeconds(40),
                    () -> "step 1 on the callers served by " + h.ns() + " after the kill: " + OverflowStepRows.stepCounts(since));

            // the end: the load stops, the waiting callers hang up
            List<SippResult> results = new ArrayList<>();
            load.get(0).stopPlacingCalls();
            results.add(load.get(0).await(Duration.ofSeconds(60)));
            results.add(load.get(1).await(Duration.ofSeconds(5)));
            Namespaces.run("box-cli", "box-a", "channel request hangup all");
            for (CompletableFuture<SippResult> w : waiters) { // their calls end with the hang-up; a record is written at the end
                try {
                    w.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    progress("a waiting caller's SIPp did not end cleanly: " + e);
                }
            }
            // calls placed: box a's load and waiting callers, box b's load; a call's record is written when it ends
            long callsA = results.get(0).successfulCalls() + results.get(0).failedCalls() + waiting + afterKill;
            long callsB = results.get(1).successfulCalls() + results.get(1).failedCalls();
            try {
                Await.until(() -> recordsOfBox(since, "a") >= callsA, Duration.ofSeconds(30), () -> "a record for each of box a's calls");
            } catch (AssertionError e) {
                progress("not every call of box a recorded within 30 s: " + e.getMessage()); // reported and asserted below
            }
            Map<String, Integer> perStep = OverflowStepRows.stepCounts(since);
            long stepRows = perStep.values().stream().mapToLong(Integer::longValue).sum();
            long expectedSteps = 3L * waiting + afterKill;
            Map<String, Integer> records = recordsByCall(since);
            long doubled = records.values().stream().filter(n -> n > 1).count();
            long recordsA = recordsOfBox(since, "a");
            long recordsB = recordsOfBox(since, "b");
            long lostA = Math.max(0, callsA - recordsA);
            boolean holds = both[0] == 0 && stoppedMs < takeoverMs && takeoverMs <= 10_000 && movedMs <= 10_000 && fencedAfter == 0
                    && stepRows == perStep.size() && perStep.size() == expectedSteps && doubled == 0 && lostA == 0
                    && cbDialedOnce == waiting && cbDoubled == 0 && cbLost == 0;
            Fault.report(FILE, new Fault.Row("(g) two nodes and two boxes in namespaces: holder cut from the database, box stopped,"
                    + " next holder kill -9", String.format(Locale.ROOT, "2 x 1 call / %d ms (digital desk, both boxes); %d callers"
                    + " waiting for 2 overflow steps and a callback offer they accept, %d after the kill", loadPeriodMs, waiting,
                    afterKill),
                    "1 partition of " + partitionSeconds + " s, 1 box stop, 1 kill -9", callsA + callsB, recordsA + recordsB, lostA,
                    doubled + (stepRows - perStep.size()) + cbDoubled,
                    "cut: holder stopped at " + stoppedMs + " ms, the other took over at " + takeoverMs + " ms, the cut node rejoined "
                            + rejoinMs + " ms after healing; box b DOWN on both nodes in " + boxDownMs + " ms; kill: leases moved in "
                            + movedMs + " ms", "box a: " + callsA + " calls, " + recordsA + " records; box b: " + callsB + " calls, "
                            + recordsB + " records (calls up when it stopped are closed when it is back); steps " + perStep.size() + "/"
                            + expectedSteps + " once each; callbacks pending at the kill " + booked.size() + ", placed once and"
                            + " followed by the next holder " + cbDialedOnce + ", placed twice " + cbDoubled + ", lost " + cbLost
                            + "; cut node's steps after the take-over " + fencedAfter + "; both acting in "
                            + both[0] + " samples; sipp a/b ok/failed " + results.stream().map(r -> r.successfulCalls() + "/"
                            + r.failedCalls()).toList(), holds));
            progress("done; steps " + perStep + "; records by call " + records.size() + ", doubled " + doubled);
            assertEquals(0, both[0], "never both nodes acting on the overflow lease");
            assertTrue(stoppedMs < takeoverMs, "H stopped (" + stoppedMs + " ms) before F took over (" + takeoverMs + " ms)");
            assertTrue(takeoverMs <= 10_000, "F took over within 10 s: " + takeoverMs + " ms");
            assertEquals(0, fencedAfter, "no step taken by H after F took the lease");
            assertTrue(movedMs <= 10_000, "leases moved within 10 s of the kill: " + movedMs + " ms");
            assertTrue(perStep.values().stream().allMatch(n -> n == 1), "no step taken twice: " + perStep);
            assertEquals(expectedSteps, perStep.size(), "every step each caller waited for was taken: " + perStep);
            assertEquals(0, doubled, "no call recorded twice: " + records);
            assertEquals(0, lostA, "every call of box a recorded: " + callsA + " calls, " + recordsA + " records");
            assertEquals(0, cbDoubled, "no callback placed twice: placed " + placedBy + ", box a's place holders " + holdersAfter);
            assertEquals(0, cbLost, "no callback lost: stored " + statusAfter + ", box a's place holders " + holdersAfter);
            assertEquals(waiting, cbDialedOnce, "every booked callback placed once: " + placedBy);
        } finally {
            load.forEach(Sipp.Running::close);
            callers.shutdownNow();
        }
    }

    /** An engine node: its namespace ({@code node-1}), address and node id. */
    private record Node(String ns, String address) {
        String id() {
            return "ns-" + ns;
        }
    }

    /** Renders the boxes' dialplans with {@code agi.nodes} [first, second] and reloads them. */
    private static void dialplanTries(Node first, Node second) throws Exception {
        CenterConfig config = ConfigLoader.load(conf, RealStack.engineEnv(Map.of("ASCC_AGI_NODE_FIRST", first.address() + ":4591",
                "ASCC_AGI_NODE_SECOND", second.address() + ":4591")));
        for (String box : List.of("a", "b")) {
            Path out = Files.createDirectories(Path.of("target/nscluster-dialplan-" + box));
            AsteriskConfigRenderer.forBox(config, box).writeTo(out);
            Files.copy(out.resolve("extensions.conf"), RealStack.ASTERISK_ROOT.resolve("ascc-boxes/box-" + box + "/etc/extensions.conf"),
                    StandardCopyOption.REPLACE_EXISTING);
            assertEquals(0, Namespaces.run("box-cli", "box-" + box, "dialplan reload"), "dialplan reload on box " + box);
        }
    }

    private static double held(Node n) {
        return Namespaces.series(n.address(), HTTP, "ascc_cluster_lease_held{lease=\"overflow\"}");
    }

    private static long spawnNode(String ns, String address) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(RealStack.engineEnv(Map.of()));
        env.put("ASCC_DB_URL", RealStack.DB_URL.replaceFirst("//[^/]+/", "//" + Namespaces.DB_ADDRESS + ":3306/"));
        env.put("ASCC_NODE_ID", "ns-" + ns);
        env.put("ASCC_AGI_BIND", address);
        env.put("ASCC_HTTP_BIND", address);
        env.put("ASCC_SPOOL_DIR", "target/nscluster-spool-" + ns);
        Path dir = Files.createDirectories(Path.of("target/engine-process"));
        Files.deleteIfExists(logOf(ns));
        return Namespaces.spawn(ns, dir.resolve("nscluster-" + ns + ".log"), EngineProcess.command(conf), env);
    }

    private static Path logOf(String ns) {
        return Path.of("target/engine-process/nscluster-" + ns + ".log");
    }

    /** Waits until the node at {@code address} answers and is logged in to both boxes. */
    private static void awaitNode(String address, Duration deadline) {
        Await.until(() -> Namespaces.amiConnected(address, HTTP, "a") == 1 && Namespaces.amiConnected(address, HTTP, "b") == 1,
                deadline, () -> "engine node " + address + " up with both boxes");
    }

    private static boolean logHas(Node n, String text) {
        try {
            return Files.readString(logOf(n.ns())).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Overflow steps the node's log says it took ("overflow step N of desk D taken on caller"). */
    private static long takenIn(Node n) throws IOException {
        return Files.readAllLines(logOf(n.ns())).stream().filter(l -> l.contains(" taken on caller ")).count();
    }

    private static Sipp.Running loadStream(String box, int i, long periodMs) throws IOException {
        CustomerCall call = CustomerCall.of("21", Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(2))
                .withCaller(String.format(Locale.ROOT, "0105620%04d", i + 1));
        return Sipp.builder().scenarioXml("nscluster-load-" + i, call.toXml()).remote(box, 5060).localIp(Namespaces.BRIDGE)
                .service("0700000001").calls(100_000).rate(1).ratePeriod(Duration.ofMillis(periodMs)).localPort(5191 + i)
                .mediaPort(6191 + 10 * i).workDir(Files.createTempDirectory("sipp-nscluster-" + i + "-"))
                .timeout(Duration.ofHours(2)).start();
    }

    /**
     * Menu 1, 1 (appliance), then key 1 every 1.7 s from about the 7th second of the call to the 50th: the callback offer
     * ({@value #OFFER_AFTER_SECONDS} s after joining the queue, about 3 s into the call; its Read listens up to 10 s) takes
     * one even when it comes late; once accepted the caller hears thanks for 30 s, so the keys end before its hang-up.
     */
    private static final String ACCEPTING = "11,,,," + "1,".repeat(25);

    private CompletableFuture<SippResult> waitingCaller(String number, int localPort, String digits) {
        CustomerCall c = CustomerCall.of(digits, Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(300))
                .withCaller(number).withEnding(CustomerCall.Ending.WAIT_FOR_BYE);
        return CompletableFuture.supplyAsync(() -> Sipp.builder().scenarioXml("nscluster-" + number, c.toXml())
                .remote(BOX_A, 5060).localIp(Namespaces.BRIDGE).service("0700000001").calls(1).localPort(localPort)
                .mediaPort(6301 + 10 * (localPort - 5611)).timeout(Duration.ofSeconds(400)).run(), callers);
    }

    private static void progress(String line) {
        Fault.progress("namespace cluster (" + Duration.between(T0, Instant.now()).toMillis() + " ms): " + line);
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

    private static Map<String, String> owners() {
        Map<String, String> out = new TreeMap<>();
        LEASES.forEach(l -> out.put(l, owner(l)));
        return out;
    }


    /** Call records since {@code since} of 0700000001 on box {@code box} (its id prefixes the linkedid: systemname). */
    private static long recordsOfBox(Instant since, String box) {
        try {
            return recordsByCall(since).keySet().stream().filter(l -> l.startsWith(box + "-")).count();
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    /** Call records since {@code since} of 0700000001, by linkedid. */
    private static Map<String, Integer> recordsByCall(Instant since) throws java.sql.SQLException {
        Map<String, Integer> out = new TreeMap<>();
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("SELECT linked_id, COUNT(*) FROM call_record"
                + " WHERE dialed_number = '0700000001' AND entered_at >= ? GROUP BY linked_id")) {
            ps.setTimestamp(1, java.sql.Timestamp.valueOf(java.time.LocalDateTime.ofInstant(since, java.time.ZoneOffset.UTC)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }
}
