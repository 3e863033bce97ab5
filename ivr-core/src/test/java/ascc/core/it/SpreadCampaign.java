package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Secret;
import ascc.testsupport.pii.HarnessMasking;
import ascc.testsupport.time.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@link MultiBoxIT}'s campaign over two boxes (docs/scale-out.md "Trunk slots"): survey campaign {@value #ID} (the
 * conf's only campaign: 4 trunk channels over all nodes, pacing up to 4 calls at once) dials {@value #TARGETS} customers
 * who all answer and key 4, through boxes a and b of 2 trunk calls each, while "another node" holds one trunk slot on box
 * a (a {@code trunk_slot} row of node {@value #OTHER_NODE}, as a second engine's call would). So at most 3 of the engine's
 * calls may be up at once (the limit minus the other node's slot: this engine's own count and pacing would allow 4), at
 * most 1 on box a (its capacity minus the other node's) and 2 on box b, and neither box can take 3 alone: the calls must
 * spread. Measured where the calls are: the customers' SIPp (one process, one clock: every INVITE, BYE and which box sent
 * it by its Via) and each box's own channel events ({@link BoxChannels}).
 */
final class SpreadCampaign {
    static final String ID = "multibox-spread";
    /** The customers' SIPp on the bridge (campaigns.yaml dial.channel of MultiBoxIT's conf). */
    static final int CUSTOMER_PORT = 5311;
    private static final int MEDIA_PORT = 6341;
    private static final String COMPANY = "alpha";
    private static final int TARGETS = 6;
    /** campaigns.yaml trunk-channels of MultiBoxIT's conf. */
    private static final int LIMIT = 4;
    /** Each box's engine.yaml trunk-capacity in MultiBoxIT's conf. */
    private static final int CAPACITY = 2;
    private static final String OTHER_NODE = "multibox-other-node";
    private static final String OTHER_KEY = "multibox-other-node-call";
    private static final List<String> NUMBERS = IntStream.range(0, TARGETS).mapToObj(i -> "0105554100" + i).toList();

    private SpreadCampaign() {
    }

    /**
     * Removes what an earlier run left: this campaign's rows (so nothing of it is due) and every trunk slot (slots of
     * engines other ITs killed count for up to 60 s and would take this test's trunk channels).
     */
    static void clean() throws Exception {
        // migrates the test database first (the tables may not exist yet)
        try (Database db = Database.open(DbSettings.mariaDb(RealStack.DB_URL, "ascc", Secret.of("ascc"), 1))) {
            db.isHealthy();
        }
        try (Connection c = RealStack.db(); Statement s = c.createStatement()) {
            for (String t : List.of("survey_answer", "campaign_attempt", "campaign_target", "campaign_state")) {
                s.executeUpdate("DELETE FROM " + t + " WHERE company_id = '" + COMPANY + "' AND campaign_id = '" + ID + "'");
            }
            s.executeUpdate("DELETE FROM trunk_slot");
        }
    }

    /** Runs the campaign to its end and checks the spread, the limit and the outcomes; boxes by their SIP address. */
    static void run(Path conf, CenterConfig config, Map<String, String> boxByAddress) throws Exception {
        Path csv = Files.createTempFile("it-multibox-spread-", ".csv");
        Files.writeString(csv, "phone,name,consent,consent_date\n"
                + NUMBERS.stream().map(n -> n + ",S,yes,2026-01-15\n").collect(Collectors.joining()));
        try (CampaignCustomers customers = CampaignCustomers.answeringOn(Namespaces.BRIDGE, CUSTOMER_PORT, MEDIA_PORT, "4");
             BoxChannels boxes = BoxChannels.watch(config.engine().boxes())) {
            holdOtherNodesSlot();
            assertEquals(0, CampaignIT.cli(conf, "import", "--company", COMPANY, "--campaign", ID, "--file", csv.toString()));
            Instant started = Instant.now();
            assertEquals(0, CampaignIT.cli(conf, "start", "--company", COMPANY, "--campaign", ID));
            Await.until(() -> statuses().values().stream().filter("completed"::equals).count() == TARGETS, Duration.ofSeconds(60),
                    () -> "every target completed; targets " + statuses() + "; " + boxes);
            // the answers are journaled, then written by the survey answers' writer: they may land after the outcome
            Await.until(() -> boxes.up("a") == 0 && boxes.up("b") == 0 && allEnded(customers) && enginesSlots() == 0
                    && count("SELECT COUNT(*) FROM survey_answer WHERE campaign_id = ?", ID) == TARGETS, Duration.ofSeconds(20),
                    () -> "every call ended, its slot given back, its answer stored; " + boxes + "; engine's slots "
                            + enginesSlots() + "; answers " + count("SELECT COUNT(*) FROM survey_answer WHERE campaign_id = ?", ID));
            long took = Duration.between(started, Instant.now()).toMillis();

            List<CampaignCustomers.Dialog> calls = customers.dialogs();
            Map<String, Long> perNumber = new TreeMap<>(calls.stream().collect(Collectors.groupingBy(CampaignCustomers.Dialog::number,
                    Collectors.counting())));
            Map<String, List<CampaignCustomers.Dialog>> perBox = new TreeMap<>(calls.stream()
                    .collect(Collectors.groupingBy(d -> boxByAddress.getOrDefault(d.via(), "? " + d.via()))));
            int most = CampaignCustomers.maxConcurrent(calls);
            String figures = "MultiBoxIT spread: " + calls.size() + " calls in " + took + " ms; customers saw per box "
                    + perBox.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().size() + " (at most "
                            + CampaignCustomers.maxConcurrent(e.getValue()) + " at once)").toList()
                    + ", at most " + most + " up at once over both (limit " + LIMIT + ", 1 held by " + OTHER_NODE + "); Asterisk: "
                    + boxes;
            System.out.println(HarnessMasking.mask(figures + "; per number " + perNumber));

            // (c) each number called once (one INVITE dialog), its one attempt's outcome stored once
            for (String n : NUMBERS) {
                assertEquals(1L, perNumber.getOrDefault(n, 0L), () -> "one call to " + HarnessMasking.mask(n) + ": " + figures);
            }
            assertEquals(TARGETS, calls.size(), () -> "no other call reached the customers: " + figures);
            assertEquals(IntStream.range(0, TARGETS).mapToObj(i -> "target " + i + ": 1 completed answers=1 q1=4").toList(), attempts(),
                    "one attempt per number, its outcome and answer stored once");

            // (a) both boxes carried calls, as many as the customers saw come from each
            assertEquals(List.of("a", "b"), List.copyOf(perBox.keySet()), figures);
            assertTrue(boxes.carried("a") > 0 && boxes.carried("b") > 0, figures);
            assertEquals(perBox.get("a").size(), boxes.carried("a"), figures);
            assertEquals(perBox.get("b").size(), boxes.carried("b"), figures);

            // (b) the limit of all nodes held and was reached: 4 trunk channels, 1 of them another node's
            assertEquals(LIMIT - 1, most, () -> "at most the limit minus the other node's slot up at once, and reached: " + figures);
            assertTrue(boxes.max("a") <= CAPACITY - 1 && boxes.max("b") <= CAPACITY, figures);
            assertTrue(CampaignCustomers.maxConcurrent(perBox.get("a")) <= CAPACITY - 1
                    && CampaignCustomers.maxConcurrent(perBox.get("b")) <= CAPACITY, figures);
        } finally {
            try (Connection c = RealStack.db(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM trunk_slot WHERE call_key = '" + OTHER_KEY + "'");
                // not started any more: the engine, still running for the next test, dials nothing of it
                s.executeUpdate("DELETE FROM campaign_state WHERE company_id = '" + COMPANY + "' AND campaign_id = '" + ID + "'");
            }
        }
    }

    /** A slot of another engine node on box a, live for 5 min (the engine's claims count it; its renewals never touch it). */
    private static void holdOtherNodesSlot() throws SQLException {
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("INSERT INTO trunk_slot"
                + " (call_key, box, node, kind, claimed_at, expires_at)"
                + " VALUES (?, 'a', ?, 'campaign', LOCALTIMESTAMP(3), TIMESTAMPADD(SECOND, 300, LOCALTIMESTAMP(3)))")) {
            ps.setString(1, OTHER_KEY);
            ps.setString(2, OTHER_NODE);
            ps.executeUpdate();
        }
    }

    private static boolean allEnded(CampaignCustomers customers) {
        try {
            List<CampaignCustomers.Dialog> d = customers.dialogs();
            return d.size() >= TARGETS && d.stream().allMatch(x -> x.ended() != null);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Trunk slots held now by every node but the other node (the engine's: every one given back at the end). */
    private static int enginesSlots() {
        return count("SELECT COUNT(*) FROM trunk_slot WHERE node <> ?", OTHER_NODE);
    }

    /** A {@code SELECT COUNT(*)} with one argument; -1 when the database does not answer. */
    private static int count(String sql, String arg) {
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    private static Map<String, String> statuses() {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement(
                "SELECT phone, status FROM campaign_target WHERE company_id = ? AND campaign_id = ?")) {
            ps.setString(1, COMPANY);
            ps.setString(2, ID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(HarnessMasking.mask(rs.getString(1)), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            out.put("error", e.toString());
        }
        return out;
    }

    /** Per attempt, by number: "target I: attempt_no result answers=N q1=answer" (I: the number's index, never the number). */
    private static List<String> attempts() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("""
                SELECT a.phone, a.attempt_no, a.result, COUNT(s.id), MIN(s.question_id), MIN(s.answer)
                FROM campaign_attempt a LEFT JOIN survey_answer s ON s.attempt_id = a.id
                WHERE a.company_id = ? AND a.campaign_id = ? GROUP BY a.id, a.phone, a.attempt_no, a.result
                ORDER BY a.phone, a.attempt_no""")) {
            ps.setString(1, COMPANY);
            ps.setString(2, ID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add("target " + NUMBERS.indexOf(rs.getString(1)) + ": " + rs.getInt(2) + " " + rs.getString(3) + " answers="
                            + rs.getInt(4) + " " + rs.getString(5) + "=" + rs.getString(6));
                }
            }
        }
        return out;
    }
}
