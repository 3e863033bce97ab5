package ascc.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.RetryPolicy;
import ascc.routing.campaign.RetryRule;
import ascc.routing.campaign.TargetOutcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignStoreTest {
    private static final Instant T = Instant.parse("2026-11-23T01:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Database db;
    private CampaignStore store;

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 6));
        store = new CampaignStore(db.dataSource(), CLOCK, "node-a");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static TargetCsv.Target target(String phone, boolean consent) {
        return new TargetCsv.Target(2, phone, "N", consent, consent ? Optional.of(LocalDate.of(2026, 3, 1)) : Optional.empty());
    }

    @Test
    void claimsOnlyConsentingTargetsAndNeverTheDoNotCallOnes() throws SQLException {
        store.importTargets("hanbit", "q4", List.of(target("01000000001", true), target("01000000002", false),
                target("01000000003", true), target("01000000004", true)), n -> { });
        store.addDoNotCall(null, "01000000003", "asked on a call");
        store.addDoNotCall("hanbit", "01000000004", "company list");
        List<String> dialed = new ArrayList<>();
        for (Optional<CampaignStore.Attempt> a = store.claimNextAttempt("hanbit", "q4", T); a.isPresent();
                a = store.claimNextAttempt("hanbit", "q4", T)) {
            dialed.add(a.get().phone());
            assertEquals(1, a.get().attemptNo());
        }
        assertEquals(List.of("01000000001"), dialed);
        Map<String, Integer> counts = store.statusCounts().get("hanbit/q4");
        assertEquals(Map.of("dialing", 1, "no-consent", 1, "do-not-call", 2), counts);
    }

    @Test
    void reimportUpdatesConsentButKeepsProgress() throws SQLException {
        store.importTargets("hanbit", "q4", List.of(target("01000000001", true), target("01000000002", true)), n -> { });
        CampaignStore.Attempt a = store.claimNextAttempt("hanbit", "q4", T).orElseThrow();
        store.importTargets("hanbit", "q4", List.of(target("01000000001", true), target("01000000002", false)), n -> { });
        Map<String, Integer> counts = store.statusCounts().get("hanbit/q4");
        assertEquals(Map.of("dialing", 1, "no-consent", 1), counts, "withdrawn consent is honoured; the call being dialed stays");
        assertEquals("01000000001", a.phone());
        assertTrue(store.claimNextAttempt("hanbit", "q4", T).isEmpty());
    }

    @Test
    void busyTargetIsRetriedAfterBackoffWithTheNextAttemptNumber() throws SQLException {
        store.importTargets("hanbit", "q4", List.of(target("01000000001", true)), n -> { });
        RetryPolicy policy = new RetryPolicy(Map.of(AttemptResult.BUSY, new RetryRule(2, Duration.ofMinutes(10))));
        CampaignStore.Attempt first = store.claimNextAttempt("hanbit", "q4", T).orElseThrow();
        Instant end = T.plusSeconds(20);
        assertTrue(store.finishAttempt(first, AttemptResult.BUSY, "reason=5 cause=17", end,
                policy.decide(AttemptResult.BUSY, 1, end, Optional.empty())));
        assertTrue(store.claimNextAttempt("hanbit", "q4", end.plus(Duration.ofMinutes(9))).isEmpty(), "backoff not over");
        CampaignStore.Attempt second = store.claimNextAttempt("hanbit", "q4", end.plus(Duration.ofMinutes(10))).orElseThrow();
        assertEquals(2, second.attemptNo());
        Instant end2 = end.plus(Duration.ofMinutes(11));
        store.finishAttempt(second, AttemptResult.BUSY, "reason=5", end2, policy.decide(AttemptResult.BUSY, 2, end2, Optional.empty()));
        assertEquals(Map.of(TargetOutcome.BUSY.id(), 1), store.statusCounts().get("hanbit/q4"));
        assertEquals(2, store.attemptCounts().get("hanbit/q4")[0]);
    }

    @Test
    void secondFinalResultForOneAttemptChangesNothing() throws SQLException {
        store.importTargets("hanbit", "q4", List.of(target("01000000001", true)), n -> { });
        CampaignStore.Attempt a = store.claimNextAttempt("hanbit", "q4", T).orElseThrow();
        assertTrue(store.finishAttempt(a, AttemptResult.COMPLETED, "answered", T, new RetryPolicy.Final(TargetOutcome.COMPLETED)));
        assertFalse(store.finishAttempt(a, AttemptResult.NO_ANSWER, "replayed", T, new RetryPolicy.Final(TargetOutcome.NO_ANSWER)));
        assertEquals(Map.of("completed", 1), store.statusCounts().get("hanbit/q4"));
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT result FROM campaign_attempt WHERE id = ?")) {
            ps.setLong(1, a.id());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals("completed", rs.getString(1));
            }
        }
    }

    @Test
    void attemptAlreadyRecordedIsNotClaimedAgainAfterRestart() throws SQLException {
        // an engine inserted attempt 1 and died (kill -9) before it moved the target on: the row is there, status pending
        store.importTargets("hanbit", "q4", List.of(target("01000000001", true)), n -> { });
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO campaign_attempt (company_id, campaign_id, phone, attempt_no,"
                        + " engine_node, started_at) VALUES ('hanbit', 'q4', '01000000001', 1, 'dead-node', CURRENT_TIMESTAMP)")) {
            ps.executeUpdate();
        }
        assertTrue(store.claimNextAttempt("hanbit", "q4", T).isEmpty(), "attempt 1 must not be dialed a second time");
        assertEquals(Map.of("dialing", 1), store.statusCounts().get("hanbit/q4"), "the target is moved past the recorded attempt");
    }

    @Test
    void orphanedAttemptsDoNotStallTheRestOfTheCampaign() throws SQLException {
        List<TargetCsv.Target> targets = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            targets.add(target(String.format("010%08d", i), true));
        }
        store.importTargets("hanbit", "q4", targets, n -> { });
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO campaign_attempt (company_id, campaign_id, phone, attempt_no,"
                        + " engine_node, started_at) VALUES ('hanbit', 'q4', ?, 1, 'dead-node', CURRENT_TIMESTAMP)")) {
            for (int i = 0; i < 44; i++) {
                ps.setString(1, String.format("010%08d", i));
                ps.executeUpdate();
            }
        }
        CampaignStore.Attempt a = store.claimNextAttempt("hanbit", "q4", T).orElseThrow();
        assertEquals("01000000044", a.phone());
    }

    @Test
    void twoEnginesClaimingTogetherNeverGetTheSameAttempt() throws Exception {
        List<TargetCsv.Target> targets = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            targets.add(target(String.format("010%08d", i), true));
        }
        store.importTargets("hanbit", "q4", targets, n -> { });
        CampaignStore other = new CampaignStore(db.dataSource(), CLOCK, "node-b");
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "claim-test"));
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (CampaignStore s : List.of(store, other, store, other)) {
                Callable<List<String>> job = () -> {
                    List<String> got = new ArrayList<>();
                    for (Optional<CampaignStore.Attempt> a = s.claimNextAttempt("hanbit", "q4", T); a.isPresent();
                            a = s.claimNextAttempt("hanbit", "q4", T)) {
                        got.add(a.get().phone() + "#" + a.get().attemptNo());
                    }
                    return got;
                };
                futures.add(pool.submit(job));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : futures) {
                all.addAll(f.get());
            }
            Set<String> unique = new HashSet<>(all);
            assertEquals(all.size(), unique.size(), "an attempt was claimed twice");
            assertEquals(200, unique.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
