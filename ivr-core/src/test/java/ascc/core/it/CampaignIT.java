package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ascc.core.Engine;
import ascc.core.campaign.CampaignStore;
import ascc.core.cli.Main;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.Phones;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Survey campaigns through the real stack: the engine's Quartz job dials over AMI Originate into the sandbox Asterisk,
 * which calls SIPp customers over the outbound endpoint; answering customers key RFC 4733 DTMF into the survey flow.
 */
class CampaignIT {
    static final String COMPANY = "alpha";
    static final String CAMPAIGN = "it-survey";
    static final int CUSTOMER_PORT = 5301;
    static final String COMPLETE = "01055500001";
    static final String PARTIAL = "01055500002";
    static final String BUSY = "01055500003";
    static final String NO_ANSWER = "01055500004";
    static final String NO_CONSENT = "01055500005";
    static final String GLOBAL_DNC = "01055500006";
    static final String COMPANY_DNC = "01055500007";
    static final String INVALID = "01055500008";
    static final List<String> ALL = List.of(COMPLETE, PARTIAL, BUSY, NO_ANSWER, NO_CONSENT, GLOBAL_DNC, COMPANY_DNC, INVALID);

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @BeforeEach
    void clean() throws Exception {
        cleanCampaign();
    }

    @AfterEach
    void after() throws Exception {
        cleanCampaign();
    }

    static void cleanCampaign() throws Exception {
        // migrates the test database first (the tables may not exist yet)
        try (Database db = Database.open(DbSettings.mariaDb(RealStack.DB_URL, "ascc", ascc.routing.config.Secret.of("ascc"), 1))) {
            db.isHealthy();
        }
        try (Connection c = RealStack.db(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM survey_answer WHERE company_id = 'alpha' AND campaign_id = 'it-survey'");
            s.executeUpdate("DELETE FROM campaign_attempt WHERE company_id = 'alpha' AND campaign_id = 'it-survey'");
            s.executeUpdate("DELETE FROM campaign_target WHERE company_id = 'alpha' AND campaign_id = 'it-survey'");
            s.executeUpdate("DELETE FROM campaign_state WHERE company_id = 'alpha' AND campaign_id = 'it-survey'");
            s.executeUpdate("DELETE FROM do_not_call WHERE phone LIKE '0105550000%'");
            // happy-calls other tests left waiting would be dialed by the engine to this test's customers
            s.executeUpdate("UPDATE happy_call SET status = 'failed' WHERE status IN ('scheduled', 'queued', 'answered')");
        }
    }

    @Test
    void surveyAnswersAreStoredPerQuestionAndOnlyConsentingNumbersOffTheDoNotCallListsAreEverInvited() throws Exception {
        // the completing customer first keys 9 (not on the scale): "invalid" plays, the question is asked again; then 4 and 1
        try (CampaignCustomers customers = CampaignCustomers.start(CUSTOMER_PORT, 6301, "9,,,,41", BUSY, NO_ANSWER, PARTIAL, "2",
                INVALID)) {
            importAndStart();
            try (Engine engine = RealStack.startEngine(Map.of())) {
                EngineView view = EngineView.of(engine).awaitAmiConnected();
                awaitTrue("every dialable target has its final outcome", Duration.ofSeconds(120), () -> {
                    Map<String, String> st = statuses();
                    return "completed".equals(st.get(COMPLETE)) && "partial".equals(st.get(PARTIAL)) && "busy".equals(st.get(BUSY))
                            && "no-answer".equals(st.get(NO_ANSWER)) && "invalid-number".equals(st.get(INVALID));
                });
                HttpResponse<String> live = RealStack.get(engine.httpPort(), "/api/campaigns", "it-admin-token");
                assertEquals(200, live.statusCode());
                assertTrue(live.body().contains("\"id\":\"it-survey\"") && live.body().contains("\"state\":\"running\"")
                        && live.body().contains("\"completed\":1"), live.body());
                assertEquals(401, RealStack.get(engine.httpPort(), "/api/campaigns", null).statusCode());
            }

            Map<String, String> st = statuses();
            assertEquals("no-consent", st.get(NO_CONSENT));
            assertEquals("do-not-call", st.get(GLOBAL_DNC));
            assertEquals("do-not-call", st.get(COMPANY_DNC));

            assertEquals(Map.of("q1", 4, "q2", 1), answers(COMPLETE));
            assertEquals(Map.of("q1", 2), answers(PARTIAL));

            List<String[]> attempts = attempts();
            assertEquals(List.of("1:completed:true"), attemptsOf(attempts, COMPLETE));
            assertEquals(List.of("1:partial:false"), attemptsOf(attempts, PARTIAL));
            assertEquals(List.of("1:busy:false", "2:busy:false"), attemptsOf(attempts, BUSY), "busy retried once per rule, then final");
            assertEquals(List.of("1:no_answer:false", "2:no_answer:false"), attemptsOf(attempts, NO_ANSWER));
            assertEquals(List.of("1:invalid_number:false"), attemptsOf(attempts, INVALID), "an invalid number is never retried");

            // the SIP side: who got an INVITE, how often (one per attempt, never for the excluded numbers)
            List<String> invited = customers.invitedNumbers();
            System.out.println("customers invited: " + invited.stream().map(Phones::mask).toList()
                    + " (SIPp dir " + customers.workDir() + ")");
            assertEquals(1, customers.invites(COMPLETE), invited::toString);
            assertEquals(1, customers.invites(PARTIAL), invited::toString);
            assertEquals(2, customers.invites(BUSY), invited::toString);
            assertEquals(2, customers.invites(NO_ANSWER), invited::toString);
            assertEquals(1, customers.invites(INVALID), invited::toString);
            assertEquals(0, customers.invites(NO_CONSENT), "no consent: never invited");
            assertEquals(0, customers.invites(GLOBAL_DNC), "global do-not-call: never invited");
            assertEquals(0, customers.invites(COMPANY_DNC), "company do-not-call: never invited");
        }
    }

    @Test
    void callsUpDuringAnAmiCutEndWithExactlyOneResultAndAreNeverDialedAgain() throws Exception {
        try (CampaignCustomers customers = CampaignCustomers.start(CUSTOMER_PORT, 6321, "41", BUSY, NO_ANSWER, PARTIAL, "2");
             TcpProxy proxy = TcpProxy.start(RealStack.ASTERISK_AMI_PORT)) {
            Path csv = Files.createTempFile("it-gap-", ".csv");
            Files.writeString(csv, "phone,name,consent,consent_date\n" + COMPLETE + ",A,yes,2026-01-15\n" + NO_ANSWER
                    + ",B,yes,2026-01-15\n");
            assertEquals(0, cli("import", "--company", COMPANY, "--campaign", CAMPAIGN, "--file", csv.toString()));
            assertEquals(0, cli("start", "--company", COMPANY, "--campaign", CAMPAIGN));
            try (Engine engine = RealStack.startEngine(Map.of("ASCC_AMI_PORT", Integer.toString(proxy.port())))) {
                EngineView view = EngineView.of(engine).awaitAmiConnected();
                awaitTrue("both customers called", Duration.ofSeconds(30), () -> attemptCount() == 2);
                proxy.blackhole(); // AMI goes silent while one call is answered and one rings
                awaitTrue("AMI seen down", Duration.ofSeconds(30), () -> view.amiDown());
                proxy.restore();
                awaitTrue("every target has its final outcome", Duration.ofSeconds(90), () -> {
                    Map<String, String> st = statuses();
                    return "completed".equals(st.get(COMPLETE)) && st.get(NO_ANSWER) != null
                            && !List.of("pending", "dialing", "retry").contains(st.get(NO_ANSWER));
                });
            }
            List<String[]> attempts = attempts();
            assertEquals(Map.of("q1", 4, "q2", 1), answers(COMPLETE), "the answered call's survey ran through the AMI cut");
            assertEquals(List.of("1:completed:true"), attemptsOf(attempts, COMPLETE));
            assertTrue(attempts.stream().allMatch(a -> a[2] != null), "every attempt has its one result");
            assertEquals(1, customers.invites(COMPLETE), customers.invitedNumbers()::toString);
            assertEquals(attemptsOf(attempts, NO_ANSWER).size(), customers.invites(NO_ANSWER), "one INVITE per attempt");
        }
    }

    static int attemptCount() {
        try (Connection c = RealStack.db();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT COUNT(*) FROM campaign_attempt WHERE company_id = ? AND campaign_id = ?")) {
            ps.setString(1, COMPANY);
            ps.setString(2, CAMPAIGN);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Imports the targets with {@code ivr campaign import}, fills the do-not-call lists, runs {@code ivr campaign start}. */
    static void importAndStart() throws Exception {
        Path csv = Files.createTempFile("it-targets-", ".csv");
        StringBuilder sb = new StringBuilder("phone,name,consent,consent_date\n");
        for (String n : ALL) {
            boolean consent = !n.equals(NO_CONSENT);
            sb.append(n).append(",Customer ").append(n.substring(n.length() - 1)).append(',').append(consent ? "yes" : "no")
                    .append(',').append(consent ? "2026-01-15" : "").append('\n');
        }
        Files.writeString(csv, sb.toString());
        assertEquals(0, cli("import", "--company", COMPANY, "--campaign", CAMPAIGN, "--file", csv.toString()));
        DataSource ds = dataSource();
        CampaignStore store = new CampaignStore(ds, Clock.systemUTC(), "it");
        store.addDoNotCall(null, GLOBAL_DNC, "asked never to be called");
        store.addDoNotCall(COMPANY, COMPANY_DNC, "asked alpha never to call");
        assertEquals(0, cli("start", "--company", COMPANY, "--campaign", CAMPAIGN));
    }

    static int cli(String... args) {
        return cli(RealStack.IT_CONF, args);
    }

    /** {@code ivr campaign ARGS --conf CONF}; its exit code (its output printed). */
    static int cli(Path conf, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("campaign"));
        argv.addAll(List.of(args));
        argv.add("--conf");
        argv.add(conf.toString());
        int rc = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8),
                RealStack.engineEnv(Map.of()), Clock.systemUTC()).execute(argv);
        System.out.println("ivr campaign " + String.join(" ", args) + " -> " + rc + "\n" + out.toString(StandardCharsets.UTF_8));
        return rc;
    }

    static DataSource dataSource() {
        org.mariadb.jdbc.MariaDbDataSource ds = new org.mariadb.jdbc.MariaDbDataSource();
        try {
            ds.setUrl(RealStack.DB_URL);
            ds.setUser("ascc");
            ds.setPassword("ascc");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ds;
    }

    static Map<String, String> statuses() {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = RealStack.db();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT phone, status FROM campaign_target WHERE company_id = ? AND campaign_id = ?")) {
            ps.setString(1, COMPANY);
            ps.setString(2, CAMPAIGN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    static Map<String, Integer> answers(String phone) throws Exception {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (Connection c = RealStack.db();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT s.question_id, s.answer FROM survey_answer s JOIN campaign_attempt a ON a.id = s.attempt_id
                        WHERE a.company_id = ? AND a.campaign_id = ? AND a.phone = ? ORDER BY s.id""")) {
            ps.setString(1, COMPANY);
            ps.setString(2, CAMPAIGN);
            ps.setString(3, phone);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** phone, attempt_no, result, billable, asterisk_result, engine_node of every attempt. */
    static List<String[]> attempts() throws Exception {
        List<String[]> out = new ArrayList<>();
        try (Connection c = RealStack.db();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT phone, attempt_no, result, billable, asterisk_result, engine_node FROM campaign_attempt
                        WHERE company_id = ? AND campaign_id = ? ORDER BY phone, attempt_no""")) {
            ps.setString(1, COMPANY);
            ps.setString(2, CAMPAIGN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), Integer.toString(rs.getInt(2)), rs.getString(3),
                        Boolean.toString(rs.getBoolean(4)), rs.getString(5), rs.getString(6)});
                }
            }
        }
        for (String[] a : out) {
            System.out.println("attempt " + Phones.mask(a[0]) + " | " + String.join(" | ", List.of(a).subList(1, a.length)));
        }
        return out;
    }

    static List<String> attemptsOf(List<String[]> attempts, String phone) {
        return attempts.stream().filter(a -> a[0].equals(phone)).map(a -> a[1] + ":" + a[2] + ":" + a[3]).toList();
    }

    static void awaitTrue(String what, Duration max, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(250);
        }
        attempts();
        fail("timed out after " + max.toSeconds() + " s waiting for: " + what + "; targets " + statuses());
    }
}
