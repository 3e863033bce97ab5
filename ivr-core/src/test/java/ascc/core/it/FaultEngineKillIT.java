package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.Phones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fault (d): the engine (its own JVM, {@code ivr run}) is killed with SIGKILL under a steady SIPp inbound load and started
 * again, several times. While it is down, callers reach the dialplan's fallback queue (the agents' phones see
 * {@code X-CC-Fallback: 1}) and no caller is dropped; after the restarts every call Asterisk saw is reconciled from its
 * CDRs (read back from the {@code cdr_custom} file at the next start): one {@code asterisk_call} row per call, at most one
 * engine record, none without a CDR. And a campaign: its node is killed with SIGKILL while one of its calls is up, again
 * and again; no number is dialed twice for one attempt (INVITEs per number = its attempt rows) and every attempt ends.
 * Quick: 2 + 1 kills; {@code ascc.fault.engine-kills}, {@code ascc.fault.campaign-kills} (the suite: 10 + 10).
 */
class FaultEngineKillIT {
    static final String FILE = "d-engine-kill";
    private static final Set<String> FINAL = Set.of("completed", "partial", "refused", "no-answer", "busy", "failed", "invalid-number");

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void anEngineKilledMidLoadSendsCallersToTheFallbackQueueAndEveryCallIsReconciledFromCdrsAfterRestart() throws Exception {
        int kills = Fault.param("engine-kills", 2);
        double rate = Fault.decimal("rate", 0.5);
        Duration hold = Duration.ofSeconds(Fault.param("hold-seconds", 5));
        Map<String, String> env = Map.of("ASCC_ASTERISK_CDR_FILE", CdrFileStackIT.CDR_FILE.toString());
        int http = 8491;
        EngineProcess engine = EngineProcess.start("fault-engine", env, http);
        long worstDown = 0;
        long totalDown = 0;
        try {
            engine.awaitUp(Duration.ofSeconds(120));
            long watermark = FaultLedger.recordWatermark(); // after the engine's start: it migrated the database
            Instant since = Instant.now();
            try (FaultLoad load = FaultLoad.start("kill", rate, hold, 5440)) {
                for (int i = 1; i <= kills; i++) {
                    load.awaitAnswered((int) load.answeredBetween(since, Instant.now()) + 4, Duration.ofSeconds(120));
                    Instant killAt = Instant.now();
                    engine.kill9();
                    engine = EngineProcess.start("fault-engine", env, http);
                    engine.awaitUp(Duration.ofSeconds(120));
                    long down = Duration.between(killAt, Instant.now()).toMillis();
                    worstDown = Math.max(worstDown, down);
                    totalDown += down;
                    Fault.progress("engine kill -9 " + i + "/" + kills + ": healthy again after " + down + " ms; fallback offers so"
                            + " far " + load.fallbackOffers() + "; log " + engine.log());
                }
                load.awaitAnswered((int) load.answeredBetween(since, Instant.now()) + 4, Duration.ofSeconds(120));
                load.stopPlacingCalls();
                EngineProcess last = engine;
                long expected = load.successful();
                // calls the engine never saw (down) or lost track of (killed mid-call) have no record: only their CDR
                FaultLedger l = FaultLedger.settle(since, Instant.MAX, watermark, FaultLoad.numbers(), Duration.ofSeconds(90),
                        x -> x.calls() >= expected && x.orphans() == 0 && Fault.callsActive(last.httpPort()) == 0);
                long active = Fault.callsActive(http);
                long fallback = load.fallbackOffers();
                long lost = Math.max(0, load.successful() - l.calls());
                boolean holds = load.failed() == 0 && lost == 0 && fallback > 0 && l.orphans() == 0 && l.doubled() == 0 && active == 0;
                Fault.report(FILE, new Fault.Row("(d) engine kill -9, inbound", load.describe(hold), kills + " kills", l.calls(),
                        l.records(), lost, l.doubled(), "healthy again after a kill: avg " + (kills == 0 ? 0 : totalDown / kills)
                        + " ms, max " + worstDown + " ms", String.format(Locale.ROOT, "calls from CDRs only (engine down or killed"
                        + " mid-call): %d; agent offers via fallback %d of %d; sipp ok/failed %d/%d; records without CDR %d;"
                        + " calls_active after %d", l.calls() - l.records(), fallback, load.agentOffers(), load.successful(),
                        load.failed(), l.orphans(), active), holds));
                assertEquals(0, load.failed(), () -> "no caller dropped: " + load.describeResults());
                assertTrue(fallback > 0, "callers reached the fallback queue while the engine was down");
                assertEquals(0, lost, () -> "every call answered by Asterisk has its CDR row: " + l + " " + load.describeResults());
                assertEquals(0, l.orphans(), () -> "no record without Asterisk's CDR: " + l);
                assertEquals(0, l.doubled(), () -> "no call recorded twice: " + l);
                assertEquals(0, active, "calls_active back to 0 after the load");
            }
        } finally {
            engine.close();
        }
    }

    @Test
    void aCampaignNodeKilledMidCallAgainAndAgainNeverDialsANumberTwiceForOneAttempt() throws Exception {
        int kills = Fault.param("campaign-kills", 1);
        int targets = 3 * kills + 3;
        CampaignIT.cleanCampaign();
        List<String> numbers = new ArrayList<>();
        StringBuilder csv = new StringBuilder("phone,name,consent,consent_date\n");
        for (int i = 0; i < targets; i++) {
            String n = String.format(Locale.ROOT, "0105552%04d", i);
            numbers.add(n);
            csv.append(n).append(",K,yes,2026-01-15\n");
        }
        Path file = Files.createTempFile("fault-campaign-", ".csv");
        Files.writeString(file, csv.toString());
        int http = 8491;
        long worstRecovery = 0;
        int killedMidCall = 0;
        try (CampaignCustomers customers = CampaignCustomers.start(CampaignIT.CUSTOMER_PORT, 6351, "41", "none", "none", "none", "2")) {
            assertEquals(0, CampaignIT.cli("import", "--company", CampaignIT.COMPANY, "--campaign", CampaignIT.CAMPAIGN, "--file",
                    file.toString()));
            assertEquals(0, CampaignIT.cli("start", "--company", CampaignIT.COMPANY, "--campaign", CampaignIT.CAMPAIGN));
            Instant started = Instant.now();
            EngineProcess node = EngineProcess.start("fault-campaign", Map.of(), http);
            try {
                for (int i = 1; i <= kills && !allFinal(targets); i++) {
                    node.awaitUp(Duration.ofSeconds(120));
                    EngineProcess n = node;
                    ascc.testsupport.time.Await.until(() -> openAttemptOlderThan(2) || allFinal(targets) || !n.isAlive(),
                            Duration.ofSeconds(120), () -> "a campaign call up for 2 s");
                    if (allFinal(targets)) {
                        break;
                    }
                    Instant killAt = Instant.now();
                    node.kill9();
                    killedMidCall++;
                    node = EngineProcess.start("fault-campaign", Map.of(), http);
                    node.awaitUp(Duration.ofSeconds(120));
                    worstRecovery = Math.max(worstRecovery, Duration.between(killAt, Instant.now()).toMillis());
                    Fault.progress("campaign node kill -9 " + i + "/" + kills + " mid-call; node " + node.log());
                }
                ascc.testsupport.time.Await.until(() -> allFinal(targets), Duration.ofSeconds(60L + 15L * targets),
                        () -> "every target final: " + masked(CampaignIT.statuses()));
            } finally {
                node.close();
            }
            Duration took = Duration.between(started, Instant.now());
            List<String[]> attempts = CampaignIT.attempts();
            Map<String, Integer> perNumber = new HashMap<>();
            long recovered = 0;
            long withoutResult = 0;
            for (String[] a : attempts) {
                perNumber.merge(a[0], 1, Integer::sum);
                recovered += a[4] != null && a[4].startsWith("recovered") ? 1 : 0;
                withoutResult += a[2] == null ? 1 : 0;
            }
            long twice = 0;
            List<String> bad = new ArrayList<>();
            for (String n : numbers) {
                long invites = customers.invites(n);
                if (invites > perNumber.getOrDefault(n, 0)) {
                    twice += invites - perNumber.getOrDefault(n, 0);
                    bad.add(Phones.mask(n) + ": " + invites + " INVITEs, "
                            + perNumber.getOrDefault(n, 0) + " attempts");
                }
            }
            long notFinal = CampaignIT.statuses().values().stream().filter(s -> !FINAL.contains(s)).count();
            long open = openAttempts();
            boolean holds = twice == 0 && withoutResult == 0 && open == 0 && notFinal == 0;
            Fault.report(FILE, new Fault.Row("(d) engine kill -9, campaign", targets + " targets, 2 concurrent, 2 calls/s",
                    killedMidCall + " kills mid-call", attempts.size(), attempts.size() - withoutResult, notFinal, twice,
                    "node healthy again: max " + worstRecovery + " ms; campaign done in " + Fault.seconds(took),
                    "attempts closed by recovery " + recovered + "; open attempts " + open + "; numbers dialed twice for one"
                    + " attempt: " + bad.size(), holds));
            assertTrue(bad.isEmpty(), () -> "no number dialed twice for one attempt: " + bad);
            assertEquals(0, withoutResult, "every attempt has a result");
            assertEquals(0, open, "no attempt left open");
            assertEquals(0, notFinal, () -> "every target final: " + masked(CampaignIT.statuses()));
        } finally {
            CampaignIT.cleanCampaign();
        }
    }

    /** Target statuses with the customers' numbers masked, for messages. */
    private static Map<String, String> masked(Map<String, String> statuses) {
        Map<String, String> out = new java.util.TreeMap<>();
        statuses.forEach((n, st) -> out.put(Phones.mask(n), st));
        return out;
    }

    private static boolean allFinal(int targets) {
        Map<String, String> st = CampaignIT.statuses();
        return st.size() == targets && FINAL.containsAll(st.values());
    }

    private static boolean openAttemptOlderThan(int seconds) {
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM campaign_attempt"
                + " WHERE company_id = ? AND campaign_id = ? AND ended_at IS NULL AND started_at < ?")) {
            ps.setString(1, CampaignIT.COMPANY);
            ps.setString(2, CampaignIT.CAMPAIGN);
            ps.setTimestamp(3, Timestamp.valueOf(LocalDateTime.now(Clock.systemUTC()).minusSeconds(seconds)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private static long openAttempts() throws Exception {
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM campaign_attempt WHERE company_id = ? AND campaign_id = ? AND ended_at IS NULL")) {
            ps.setString(1, CampaignIT.COMPANY);
            ps.setString(2, CampaignIT.CAMPAIGN);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
