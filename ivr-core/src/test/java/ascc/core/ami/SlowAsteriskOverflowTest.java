package ascc.core.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.testsupport.time.Await;
import ascc.core.agents.AgentStateTracker;
import ascc.core.overflow.Overflow;
import ascc.core.overflow.OverflowStart;
import ascc.core.metrics.Metrics;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.Secret;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Overflow wired to a real {@link AmiClient} against a fake Asterisk ({@link FakeAmiServer}, real TCP) that answers
 * overflow's actions only when the test says so: while overflow waits, the other subscribers get every event.
 */
class SlowAsteriskOverflowTest {
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(4); // below Overflow's 5 s action timeout

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final List<Runnable> unanswered = new CopyOnWriteArrayList<>();
    private volatile boolean answerAtOnce;
    private FakeAmiServer server;
    private AmiClient client;
    private Overflow overflow;
    private JdbcDataSource db;

    @BeforeEach
    void start() throws Exception {
        server = new FakeAmiServer();
        for (String action : List.of("Setvar", "Redirect")) {
            server.on(action, (c, m) -> {
                Runnable answer = () -> c.reply(m, "Success");
                if (answerAtOnce) {
                    answer.run();
                } else {
                    unanswered.add(answer); // Asterisk busy: the answer comes when the test releases it
                }
            });
        }
        db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:slow-asterisk-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE call_overflow_step (unique_id VARCHAR(64), linked_id VARCHAR(64), desk_id VARCHAR(32),"
                    + " step_no INT, action VARCHAR(128), waited_seconds BIGINT, taken_at TIMESTAMP, claim_token BIGINT NOT NULL DEFAULT 0,"
                    + " done BOOLEAN NOT NULL DEFAULT TRUE)");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (overflow != null) {
            overflow.close();
        }
        if (client != null) {
            client.close();
        }
        server.close();
    }

    @Test
    void otherSubscribersKeepReceivingEventsWhileOverflowWaitsForALateAnswer() throws Exception {
        CenterConfig config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        AgentStateTracker tracker = new AgentStateTracker(clock, () -> config, 20, i -> { });
        OverflowConfig cfg = new OverflowConfig(Map.of("appliance", List.of(new OverflowConfig.Step(
                new OverflowConfig.WaitedAtLeast(0), new OverflowConfig.OfferCallback()))), Map.of(),
                OverflowConfig.CallbackRules.DEFAULT, "PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
        client = new AmiClient(AmiSettings.defaults("127.0.0.1", server.port(), "engine", Secret.of("s3cret-value"))
                .withKeepalive(Duration.ofMillis(200), Duration.ofMillis(1000)), clock, new Metrics(), new Random(7));
        List<String> calls = new CopyOnWriteArrayList<>();
        List<String> callsThreads = new CopyOnWriteArrayList<>();
        client.subscribe("calls", e -> {
            if (e.is("FullyBooted")) {
                return;
            }
            calls.add(e.name() + " " + e.get("Seq"));
            callsThreads.add(Thread.currentThread().getName());
        });
        overflow = OverflowStart.start(client, tracker, () -> config, cfg, db, clock, new Overflow.Callbacks() {
            @Override
            public void accepted(Overflow.Accepted a) {
            }

            @Override
            public Instant placeholderJoined(String exten) {
                return null;
            }
        });
        client.start();
        client.awaitConnected(WAIT);

        tracker.callerJoined("desk-appliance", "c1");
        server.pushEvent("Event", "QueueCallerJoin", "Queue", "desk-appliance", "Uniqueid", "c1", "Linkedid", "1763.1",
                "Channel", "PJSIP/anonymous-1", "CallerIDNum", "01055501234");
        // overflow's check (every second) offers c1 a callback: the first Setvar goes out and is not answered
        // the fake records an action before its handler runs (same reader thread): wait for both, or a busy machine
        // can see the Setvar received and its answer not yet held back (CI of 46cab25)
        eventually(() -> server.receivedActions("Setvar").size() == 1 && unanswered.size() == 1,
                "overflow's first Setvar sent and held unanswered");

        for (int i = 1; i <= 30; i++) {
            server.pushEvent("Event", "Newchannel", "Seq", Integer.toString(i));
        }
        eventually(() -> calls.contains("Newchannel 30"), () -> "all events reach 'calls' while overflow waits: " + calls);
        assertEquals(31, calls.size(), "QueueCallerJoin and 30 Newchannel: " + calls);
        assertEquals(List.of("ami-sub-calls"), callsThreads.stream().distinct().toList());
        assertEquals(1, unanswered.size(), "overflow's Setvar is still unanswered");
        assertEquals(1, server.receivedActions("Setvar").size(), "overflow neither resent it nor went on without the answer");
        assertEquals(0, server.receivedActions("Redirect").size());

        answerAtOnce = true;
        unanswered.forEach(Runnable::run); // Asterisk answers, late
        eventually(() -> server.receivedActions("Redirect").size() == 1, "the Redirect follows the answered Setvars");
        assertEquals(4, server.receivedActions("Setvar").size(), "CC_OVF_KEY, _POS, _PROMPT, _THANKS");
        assertEquals("ascc-overflow-callback", server.receivedActions("Redirect").get(0).get("Context"));
        eventually(() -> stepRows() == 1, "the step row is written (off the event threads)");
    }

    private int stepRows() {
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM call_overflow_step WHERE unique_id = 'c1'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void eventually(BooleanSupplier condition, String what) {
        eventually(condition, () -> what);
    }

    /** Waits (at most {@code WAIT}) for a condition of the real-socket system. */
    private static void eventually(BooleanSupplier condition, Supplier<String> what) {
        Await.until(condition, WAIT, what);
    }
}
