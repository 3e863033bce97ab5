package ascc.core.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.time.Await;
import ascc.core.metrics.Metrics;
import ascc.routing.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against {@link FakeAmiServer} over real loopback TCP, with short keepalive and backoff settings. */
class AmiClientTest {
    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private FakeAmiServer server;
    private AmiClient client;
    private final Metrics metrics = new Metrics();
    private final List<AmiState> states = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final AtomicInteger resyncs = new AtomicInteger();

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeAmiServer();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private AmiSettings settings(String secret) {
        return AmiSettings.defaults("127.0.0.1", server.port(), "engine", Secret.of(secret))
            .withKeepalive(Duration.ofMillis(200), Duration.ofMillis(1000))
            .withBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
            .withResponseTimeout(Duration.ofSeconds(2));
    }

    private AmiClient newClient(AmiSettings s) {
        client = new AmiClient(s, Clock.fixed(T0, ZoneOffset.UTC), metrics, new Random(42));
        client.onStateChange(c -> {
            states.add(c.to());
            log.add("state " + c.to());
        });
        client.onResync(() -> {
            resyncs.incrementAndGet();
            log.add("resync");
        });
        return client;
    }

    private AmiClient connected() throws InterruptedException {
        return connected(settings("s3cret-value"));
    }

    private AmiClient connected(AmiSettings s) throws InterruptedException {
        newClient(s).start();
        client.awaitConnected(WAIT);
        eventually(() -> resyncs.get() == 1, "first resync");
        return client;
    }

    private static void eventually(BooleanSupplier condition, String what) {
        eventually(condition, () -> what);
    }

    /** Waits (at most {@code WAIT}) for a condition of the real-socket system. */
    private static void eventually(BooleanSupplier condition, Supplier<String> what) {
        Await.until(condition, WAIT, what);
    }

    private static AmiException failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        return assertInstanceOf(AmiException.class, e.getCause());
    }

    // ---------------------------------------------------------------- login

    @Test
    void logsInWaitsForFullyBootedThenRunsResyncHook() throws Exception {
        server.fullyBootedAfterLogin = false;
        server.on("Marker", (c, m) -> c.reply(m, "Success"));
        List<String> seen = new CopyOnWriteArrayList<>();
        newClient(settings("s3cret-value")).subscribe(e -> seen.add(e.name()));
        client.start();
        eventually(() -> server.logins.get() == 1, "login received");
        server.pushEvent("Event", "Probe");
        eventually(() -> seen.contains("Probe"), "probe event after the login response");
        assertEquals(AmiState.AUTHENTICATING, client.state(), "logged in but not fully booted yet");
        assertEquals(0, resyncs.get());

        server.pushEvent("Event", "FullyBooted", "Status", "Fully Booted");
        client.awaitConnected(WAIT);
        eventually(() -> resyncs.get() == 1, "resync after connect");
        assertEquals(List.of(AmiState.CONNECTING, AmiState.AUTHENTICATING, AmiState.CONNECTED), states);
        assertEquals(List.of("state CONNECTING", "state AUTHENTICATING", "state CONNECTED", "resync"), log);
        AmiMessage login = server.receivedActions("Login").get(0);
        assertEquals("engine", login.get("Username"));
        assertTrue(login.actionId().startsWith("ascc-"), login.toString());
        assertTrue(metrics.render().contains("ascc_ami_connected 1.0\n"), metrics.render());
    }

    @Test
    void aRejectedLoginIsRetriedWithBackoffAndLogsInOnceAsteriskHasTheSecretWithoutARestart() throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            server.secret = "old-secret-abc"; // Asterisk still has the old manager.conf loaded
            newClient(settings("new-secret-xyz")).start();
            eventually(() -> server.logins.get() >= 2 && client.state() == AmiState.DISCONNECTED,
                "a second login after the rejection, then waiting for the next (not FAILED)");
            assertTrue(client.lastFailure().retriable(), client.lastFailure().toString());
            assertEquals(AmiFailure.Kind.LOGIN_REJECTED, client.lastFailure().kind());
            String why = client.downReason();
            assertTrue(why.startsWith("DISCONNECTED: AMI login as 'engine'"), why);
            assertTrue(why.contains("Authentication failed") && why.contains("asterisk -rx 'manager reload'"), why);
            AmiException e = assertThrows(AmiException.class, () -> client.awaitConnected(Duration.ofMillis(50)));
            assertTrue(e.retriable(), e.toString());

            server.secret = "new-secret-xyz"; // the operator (or the engine) ran: manager reload
            client.awaitConnected(WAIT);
            assertEquals(null, client.downReason());
        } finally {
            System.setErr(originalErr);
        }
        String logged = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("Authentication failed"), "the rejection is logged: " + logged);
        assertFalse(logged.contains("new-secret-xyz") || logged.contains("old-secret-abc"), logged);
        assertTrue(metrics.render().contains("ascc_ami_logins_rejected_total"), metrics.render());
    }

    @Test
    void aPeerThatDoesNotKnowTheLoginActionIsFatalAndStopsRetrying() throws Exception {
        server.loginAnswer = "Missing action in request";
        newClient(settings("s3cret-value")).start();
        AmiException e = assertThrows(AmiException.class, () -> client.awaitConnected(WAIT));
        assertFalse(e.retriable(), e.toString());
        assertEquals(AmiState.FAILED, client.state());
        assertEquals(AmiFailure.Kind.REFUSED, client.lastFailure().kind());
        assertEquals(1, server.logins.get(), "no second login attempt after a fatal failure");
        assertTrue(client.downReason().startsWith("FAILED: AMI login as 'engine'"), client.downReason());
        assertTrue(failure(client.send(AmiAction.of("Ping"))).retriable(), "send while FAILED fails at once");
    }

    // ---------------------------------------------------------------- actions

    @Test
    void correlatesOutOfOrderResponsesByActionId() throws Exception {
        List<AmiMessage> held = new CopyOnWriteArrayList<>();
        server.on("Hold", (c, m) -> held.add(m));
        server.on("Release", (c, m) -> {
            c.reply(m, "Success", "Message", "release");
            for (AmiMessage h : held) {
                c.reply(h, "Success", "Message", "hold");
            }
        });
        connected();
        CompletableFuture<AmiMessage> hold = client.send(AmiAction.of("Hold"));
        eventually(() -> held.size() == 1, "Hold reached the server");
        CompletableFuture<AmiMessage> release = client.send(AmiAction.of("Release"));
        assertEquals("hold", hold.get(2, TimeUnit.SECONDS).get("Message"));
        assertEquals("release", release.get(2, TimeUnit.SECONDS).get("Message"));
        assertNotEquals(hold.get().actionId(), release.get().actionId());
    }

    @Test
    void collectsEventListUntilCompleteEventAndLeavesOtherEventsToSubscribers() throws Exception {
        server.on("QueueStatus", (c, m) -> {
            String id = m.actionId();
            c.reply(m, "Success", "EventList", "start", "Message", "Queue status will follow");
            c.send("Event", "QueueParams", "Queue", m.get("Queue"), "ActionID", id);
            c.send("Event", "Newchannel", "Channel", "PJSIP/x-0001");
            c.send("Event", "QueueMember", "Queue", m.get("Queue"), "Name", "Agent 7", "ActionID", id);
            c.send("Event", "QueueEntry", "Queue", m.get("Queue"), "Position", "1", "ActionID", id);
            c.send("Event", "QueueStatusComplete", "EventList", "Complete", "ListItems", "3", "ActionID", id);
        });
        List<String> seen = new CopyOnWriteArrayList<>();
        connected().subscribe(e -> seen.add(e.name()));
        List<AmiMessage> list = client.sendForList(AmiAction.of("QueueStatus").with("Queue", "desk-a"), "QueueStatusComplete")
            .get(2, TimeUnit.SECONDS);
        assertEquals(List.of("QueueParams", "QueueMember", "QueueEntry", "QueueStatusComplete"),
            list.stream().map(AmiMessage::eventName).toList());
        assertEquals("desk-a", list.get(1).get("Queue"));
        eventually(() -> seen.contains("Newchannel"), "unrelated event delivered to subscribers");
        assertFalse(seen.contains("QueueMember"), "list events are the caller's, not the subscribers'");
    }

    @Test
    void errorResponseFailsTheFutureAsNotRetriableWithTheResponse() throws Exception {
        connected();
        AmiException e = failure(client.send(AmiAction.of("NoSuchAction")));
        assertFalse(e.retriable());
        assertTrue(e.getMessage().contains("NoSuchAction") && e.getMessage().contains("Invalid/unknown command"), e.getMessage());
        assertEquals("Error", e.response().response());
    }

    @Test
    void unansweredActionTimesOutNamingActionAndActionId() throws Exception {
        server.on("Ignore", (c, m) -> { });
        connected(settings("s3cret-value").withResponseTimeout(Duration.ofMillis(300)));
        CompletableFuture<AmiMessage> f = client.send(AmiAction.of("Ignore"));
        AmiException e = failure(f);
        String id = server.receivedActions("Ignore").get(0).actionId();
        assertTrue(e.getMessage().contains("no response to Ignore (ActionID=" + id + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("300 ms"), e.getMessage());
        assertTrue(e.retriable());
        AmiException list = failure(client.sendForList(AmiAction.of("Ignore"), "IgnoreComplete"));
        assertTrue(list.getMessage().contains("no IgnoreComplete for Ignore (ActionID="), list.getMessage());
        assertTrue(client.isConnected(), "a timeout alone does not drop the connection");
    }

    @Test
    void originateAsyncCompletesWithTheOriginateResponseEventOfItsActionId() throws Exception {
        server.on("Originate", (c, m) -> {
            c.reply(m, "Success", "Message", "Originate successfully queued");
            c.send("Event", "OriginateResponse", "ActionID", "someone-else", "Response", "Failure", "Reason", "0");
            c.send("Event", "OriginateResponse", "ActionID", m.actionId(), "Response", "true".equals(m.get("Async"))
                ? "Success" : "Failure", "Channel", "Local/100@agents-0001;1", "Uniqueid", "1700.9", "Reason", "4");
        });
        connected();
        AmiEvents.OriginateResponse r = client.originateAsync(AmiAction.of("Originate").with("Channel", "Local/100@agents")
            .with("Application", "Wait").with("Data", "1"), Duration.ofSeconds(2)).get(2, TimeUnit.SECONDS);
        assertTrue(r.success(), r.toString());
        assertEquals(4, r.reason());
        assertEquals("1700.9", r.uniqueId());
        assertEquals(T0, r.received());
    }

    @Test
    void commandReturnsTheOutputLines() throws Exception {
        server.on("Command", (c, m) -> c.reply(m, "Success", "Message", "Command output follows",
            "Output", "Asterisk 22.10.0 built by root", "Output", "second line"));
        connected();
        assertEquals(List.of("Asterisk 22.10.0 built by root", "second line"),
            client.command("core show version").get(2, TimeUnit.SECONDS));
        assertEquals("core show version", server.receivedActions("Command").get(0).get("Command"));
    }

    // ---------------------------------------------------------------- keepalive and reconnect

    @Test
    void silentServerIsDetectedAsDeadAndTheClientReconnects() throws Exception {
        connected();
        eventually(() -> server.pings.get() >= 2, "pings on an idle link");
        server.silenceOpenConnections();
        eventually(() -> server.connections.get() == 2 && client.isConnected() && resyncs.get() == 2,
            () -> "reconnect after silence; states=" + states);
        assertEquals(List.of(AmiState.CONNECTING, AmiState.AUTHENTICATING, AmiState.CONNECTED, AmiState.DISCONNECTED,
            AmiState.CONNECTING, AmiState.AUTHENTICATING, AmiState.CONNECTED), states);
        assertTrue(client.lastFailure().reason().contains("dead link"), client.lastFailure().toString());
        assertTrue(client.lastFailure().retriable());
        assertTrue(metrics.render().contains("ascc_ami_reconnects_total 1.0\n"), metrics.render());
    }

    @Test
    void droppedConnectionFailsPendingActionsAndReconnectsWithResync() throws Exception {
        server.on("Ignore", (c, m) -> { });
        connected();
        CompletableFuture<AmiMessage> pending = client.send(AmiAction.of("Ignore"));
        eventually(() -> !server.receivedActions("Ignore").isEmpty(), "Ignore reached the server");
        server.dropAll();
        AmiException e = failure(pending);
        assertTrue(e.retriable());
        assertTrue(e.getMessage().contains("lost before response to Ignore"), e.getMessage());
        eventually(() -> client.isConnected() && resyncs.get() == 2, () -> "reconnect after drop; states=" + states);
        assertEquals(2, server.logins.get());
        assertEquals("state CONNECTED", log.get(log.size() - 2));
        assertEquals("resync", log.get(log.size() - 1));
    }

    @Test
    void refusedConnectionsAreRetriedWithBackoffUntilTheServerIsBack() throws Exception {
        int port = server.port();
        server.close();
        newClient(settings("s3cret-value")).start();
        eventually(() -> metricValue("ascc_ami_reconnects_total") >= 3, "three retries while refused");
        assertTrue(client.lastFailure().retriable());
        assertTrue(client.lastFailure().reason().contains("cannot connect"), client.lastFailure().toString());
        assertTrue(client.lastFailure().cause().getMessage().contains("Connection refused"), client.lastFailure().toString());
        server = new FakeAmiServer(port);
        client.awaitConnected(WAIT);
        eventually(() -> resyncs.get() == 1, "resync after the first successful connect");
        assertEquals(AmiState.CONNECTING, states.get(0));
        assertEquals(List.of(AmiState.CONNECTING, AmiState.AUTHENTICATING, AmiState.CONNECTED),
            states.subList(states.size() - 3, states.size()));
        assertEquals(1, states.stream().filter(st -> st == AmiState.AUTHENTICATING).count(), "refused: never authenticating");
    }

    private long metricValue(String name) {
        for (String line : metrics.render().split("\n")) {
            if (line.startsWith(name + " ")) {
                return (long) Double.parseDouble(line.substring(name.length() + 1));
            }
        }
        throw new AssertionError("no metric " + name + " in " + metrics.render());
    }

    @Test
    void oversizedLineResetsTheConnectionNamingTheLimitAndReconnects() throws Exception {
        connected(settings("s3cret-value").withLimits(256, 4096));
        server.pushRaw("Event: Big\r\nData: " + "x".repeat(1000) + "\r\n\r\n");
        eventually(() -> server.connections.get() == 2 && client.isConnected(), () -> "reconnect; states=" + states);
        assertTrue(states.contains(AmiState.DISCONNECTED));
        assertTrue(client.lastFailure().reason().contains("maxLineLength=256"), client.lastFailure().toString());
    }

    // ---------------------------------------------------------------- slow consumers

    @Test
    void slowSubscriberBlocksNeitherResponsesNorPings() throws Exception {
        server.on("Echo", (c, m) -> c.reply(m, "Success", "Message", "echo"));
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        connected().subscribe(e -> {
            threads.add(Thread.currentThread().getName());
            stuck.countDown();
            awaitQuietly(release);
        });
        try {
            server.pushEvent("Event", "Newchannel");
            assertTrue(stuck.await(2, TimeUnit.SECONDS));
            assertEquals("echo", client.send(AmiAction.of("Echo")).get(2, TimeUnit.SECONDS).get("Message"));
            int before = server.pings.get();
            // 6 more pings at 200 ms take longer than deadAfter (1 s): the link must stay up meanwhile
            eventually(() -> server.pings.get() >= before + 6, "pings continue while the subscriber is stuck");
            assertEquals(1, server.connections.get());
            assertTrue(client.isConnected());
            assertEquals(List.of("ami-events"), threads);
        } finally {
            release.countDown();
        }
    }

    @Test
    void fullQueueDropsEventsCountsThemAndResyncsAfterTheBacklogDrains() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> delivered = Collections.synchronizedList(new ArrayList<>());
        connected(settings("s3cret-value").withEventQueueCapacity(4)).subscribe(e -> {
            if (e.is("FullyBooted")) {
                return;
            }
            delivered.add(e.get("Seq"));
            log.add("event " + e.get("Seq"));
            stuck.countDown();
            awaitQuietly(release);
        });
        server.pushEvent("Event", "Test", "Seq", "1");
        assertTrue(stuck.await(2, TimeUnit.SECONDS));
        StringBuilder burst = new StringBuilder();
        for (int i = 2; i <= 20; i++) {
            burst.append("Event: Test\r\nSeq: ").append(i).append("\r\n\r\n");
        }
        server.pushRaw(burst.toString());
        eventually(() -> client.droppedEvents() == 15, () -> "19 events into a queue of 4: 15 dropped, got "
            + client.droppedEvents());
        assertEquals(1, resyncs.get(), "no resync while the backlog is still there");
        release.countDown();
        eventually(() -> resyncs.get() == 2, "resync after the backlog drained");
        assertEquals(List.of("1", "2", "3", "4", "5"), delivered);
        assertEquals("resync", log.get(log.size() - 1));
        assertEquals("event 5", log.get(log.size() - 2));
        String m = metrics.render();
        assertTrue(m.contains("ascc_ami_events_dropped_total 15.0\n"), m);
        assertTrue(m.contains("ascc_ami_events_total 21.0\n"), m);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- one queue and one thread per subscription

    @Test
    void aSubscriberNamingItsEventsGetsOnlyThoseAndTheRestNeverFillItsQueue() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> cdrs = new CopyOnWriteArrayList<>();
        List<String> hangups = new CopyOnWriteArrayList<>();
        List<String> all = new CopyOnWriteArrayList<>();
        connected(settings("s3cret-value").withEventQueueCapacity(4));
        client.subscribe("cdr", java.util.Set.of("Cdr")::contains, e -> {
            cdrs.add(e.name() + " " + e.get("Seq"));
            stuck.countDown();
            awaitQuietly(release);
        });
        client.subscribe("mixed", java.util.Set.of("Hangup")::contains, e -> hangups.add(e.name()));
        client.subscribe("mixed", e -> all.add(e.name()));
        try {
            server.pushEvent("Event", "Cdr", "Seq", "1");
            assertTrue(stuck.await(2, TimeUnit.SECONDS));
            // 'cdr' is stuck on its first event with room for 4: events it does not read must not be queued for it
            // (one at a time: 'mixed' has room for 4 too)
            for (int i = 2; i <= 40; i++) {
                server.pushEvent("Event", i % 2 == 0 ? "Newchannel" : "Hangup", "Seq", Integer.toString(i));
                int n = i; // with Cdr 1
                eventually(() -> all.size() == n, () -> "every event reaches the subscriber without a filter, got " + all.size());
            }
        } finally {
            release.countDown();
        }
        server.pushEvent("Event", "Cdr", "Seq", "41");
        eventually(() -> cdrs.size() == 2 && all.size() == 41, () -> "the second Cdr follows: " + cdrs);
        assertEquals(List.of("Cdr 1", "Cdr 41"), cdrs);
        assertEquals(0, client.droppedEvents("cdr"), "39 events of other names were not queued for 'cdr'");
        assertEquals(19, hangups.size(), "the filtered subscriber of 'mixed' got its 19 Hangups only: " + hangups);
        assertEquals(List.of("Hangup"), hangups.stream().distinct().toList());
    }

    @Test
    void aBlockedSubscriberDelaysNoOtherSubscriber() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> slowThreads = new CopyOnWriteArrayList<>();
        List<String> fast = new CopyOnWriteArrayList<>();
        List<String> fastThreads = new CopyOnWriteArrayList<>();
        connected();
        client.subscribe("slow", e -> {
            slowThreads.add(Thread.currentThread().getName());
            stuck.countDown();
            awaitQuietly(release);
        });
        client.subscribe("fast", e -> {
            fast.add(e.get("Seq"));
            fastThreads.add(Thread.currentThread().getName());
        });
        try {
            server.pushEvent("Event", "Test", "Seq", "1");
            assertTrue(stuck.await(2, TimeUnit.SECONDS));
            for (int i = 2; i <= 50; i++) {
                server.pushEvent("Event", "Test", "Seq", Integer.toString(i));
            }
            eventually(() -> fast.size() == 50, () -> "all 50 events reach 'fast' while 'slow' is stuck, got " + fast.size());
            assertEquals("50", fast.get(49), "in arrival order");
            assertEquals(1, slowThreads.size(), "'slow' is still on its first event");
        } finally {
            release.countDown();
        }
        eventually(() -> slowThreads.size() == 50, "'slow' catches up on its own queue");
        assertEquals(List.of("ami-sub-slow"), slowThreads.stream().distinct().toList());
        assertEquals(List.of("ami-sub-fast"), fastThreads.stream().distinct().toList());
        assertEquals(0, client.droppedEvents());
    }

    @Test
    void aSubscriberAwaitingALateActionAnswerDoesNotDelayEventsToOthers() throws Exception {
        List<Runnable> unanswered = new CopyOnWriteArrayList<>();
        server.on("QueueAdd", (c, m) -> unanswered.add(() -> c.reply(m, "Success", "Message", "Added interface to queue")));
        List<String> waiterGot = new CopyOnWriteArrayList<>();
        List<String> others = new CopyOnWriteArrayList<>();
        connected();
        client.subscribe("waiter", e -> {
            if (e.is("QueueCallerJoin")) {
                // like a component that sends an action and waits for Asterisk's answer on its own thread
                waiterGot.add(client.send(AmiAction.of("QueueAdd").with("Queue", "desk-a")).join().get("Message"));
            }
        });
        client.subscribe("calls", e -> others.add(e.name() + " " + e.get("Seq")));
        server.pushEvent("Event", "QueueCallerJoin", "Queue", "desk-a", "Uniqueid", "1.1");
        eventually(() -> unanswered.size() == 1, "QueueAdd sent and not answered");
        for (int i = 1; i <= 20; i++) {
            server.pushEvent("Event", "Newchannel", "Seq", Integer.toString(i));
        }
        eventually(() -> others.size() == 21, () -> "the others' events arrive while the action is unanswered: " + others);
        assertEquals("Newchannel 20", others.get(20));
        assertEquals(List.of(), waiterGot, "still waiting for Asterisk");
        assertEquals(1, unanswered.size());
        unanswered.get(0).run(); // Asterisk answers, late
        eventually(() -> waiterGot.size() == 1, "the waiting subscriber gets its answer");
        assertEquals("Added interface to queue", waiterGot.get(0));
    }

    @Test
    void aFullSubscriberQueueDropsOnlyThatSubscribersEventsAndResyncsOnlyIt() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger slowResyncs = new AtomicInteger();
        AtomicInteger fastResyncs = new AtomicInteger();
        List<String> fast = new CopyOnWriteArrayList<>();
        List<String> slow = new CopyOnWriteArrayList<>();
        connected(settings("s3cret-value").withEventQueueCapacity(4));
        client.onResync("slow", slowResyncs::incrementAndGet);
        client.onResync("fast", fastResyncs::incrementAndGet);
        client.subscribe("slow", e -> {
            slow.add(e.get("Seq"));
            stuck.countDown();
            awaitQuietly(release);
        });
        client.subscribe("fast", e -> fast.add(e.get("Seq")));
        server.pushEvent("Event", "Test", "Seq", "1");
        assertTrue(stuck.await(2, TimeUnit.SECONDS));
        for (int i = 2; i <= 20; i++) {
            server.pushEvent("Event", "Test", "Seq", Integer.toString(i));
            String seq = Integer.toString(i);
            eventually(() -> fast.contains(seq), "'fast' keeps up");
        }
        // 'slow' holds event 1 and has a queue of 4: 2..5 fit, 6..20 are dropped
        assertEquals(15, client.droppedEvents("slow"));
        assertEquals(0, client.droppedEvents("fast"));
        assertEquals(15, client.droppedEvents());
        release.countDown();
        eventually(() -> slowResyncs.get() == 1, "'slow' resyncs after its backlog drained");
        assertEquals(List.of("1", "2", "3", "4", "5"), slow);
        assertEquals(0, fastResyncs.get(), "'fast' lost nothing: no resync");
    }

    @Test
    void unsubscribingTheLastSubscriberOfANameEndsItsThread() throws Exception {
        connected();
        Runnable off = client.subscribe("short-lived", e -> { });
        eventually(() -> threadNames().contains("ami-sub-short-lived"), "its thread runs");
        off.run();
        eventually(() -> !threadNames().contains("ami-sub-short-lived"), "its thread ends");
        assertThrows(IllegalArgumentException.class, () -> client.subscribe("no spaces", e -> { }));
    }

    // ---------------------------------------------------------------- close and threads

    @Test
    void closeLogsOffAndStopsAllThreads() throws Exception {
        connected();
        assertTrue(threadNames().containsAll(List.of("ami-io", "ami-events", "ami-reconnect")), threadNames().toString());
        client.close();
        assertEquals(1, server.receivedActions("Logoff").size());
        assertEquals(AmiState.CLOSED, client.state());
        assertFalse(client.isConnected());
        eventually(() -> !threadNames().contains("ami-io") && !threadNames().contains("ami-events")
            && !threadNames().contains("ami-reconnect"), () -> "threads left: " + threadNames());
        assertTrue(metrics.render().contains("ascc_ami_connected 0.0\n"), metrics.render());
        AmiException e = failure(client.send(AmiAction.of("Ping")));
        assertTrue(e.getMessage().contains("not connected"), e.getMessage());
        assertEquals(1, server.connections.get(), "no reconnect after close");
        assertThrows(IllegalStateException.class, client::start);
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
    }
}
