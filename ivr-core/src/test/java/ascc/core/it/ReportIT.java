package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.agents.AgentState;
import ascc.core.ami.AmiAction;
import ascc.core.cli.Main;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.SippResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The traffic report through the real stack. A scripted day of company epsilon (desk care, agent 2301, 5 s wrap-up) with a
 * service-level target of 5 s ({@code --sl-seconds 5}):
 * <ol>
 *   <li>A: the agent's phone answers 1 s after it rings: answered within T;</li>
 *   <li>B: the phone answers 8 s after it rings: answered after T;</li>
 *   <li>C: agent paused, the caller hangs up about 2.5 s after joining the queue: a short abandon (in neither SL term);</li>
 *   <li>D: agent paused, the caller hangs up about 9.5 s after joining: abandoned after T;</li>
 *   <li>E: the caller hangs up in the menus: abandoned in the IVR.</li>
 * </ol>
 * C, D and E are placed at the same time, once B is answered and the agent paused on B's call (with the agent paused they
 * are independent, and nobody is offered them).
 * Hand-computed: offered 5, answered 2, abandoned IVR 1, in queue 2; SL = 1 / (2 + 1) = 33.3 %; abandon rate = 2 / (2 + 2)
 * = 50.0 %; ASA = (1 + 8) / 2 = 4.5 s. Each answer also includes the SIP set-up before the phone rings (measured 0.1-0.5 s),
 * so ASA is checked in [4.5, 5.5] s; counts and percentages exactly.
 */
class ReportIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void theReportOfAScriptedDayHasTheHandComputedServiceLevelAbandonRateAndAsa() throws Exception {
        // migrates the test database first (run alone on a fresh database, the tables do not exist yet)
        try (ascc.core.db.Database db = ascc.core.db.Database.open(ascc.core.db.DbSettings.mariaDb(RealStack.DB_URL, "ascc",
                ascc.routing.config.Secret.of("ascc"), 1))) {
            db.isHealthy();
        }
        try (Connection c = RealStack.db(); Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM call_record WHERE company_id = 'epsilon'"); // other ITs' calls of today
        }
        try (Engine engine = RealStack.startEngine(Map.of());
             TestPhone care = RealStack.phone("2301")) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            FoundationIT.awaitMemberAvailable("desk-care", "2301");
            try {
                care.setAutoAnswer(Duration.ofMillis(1000));
                assertTrue(call("01055504001", "1", 5, 5341).allSucceeded(), "A");
                // B joins the queue only once the desk's 5 s wrap-up after A is over (the engine ends it no earlier than
                // Asterisk, which keeps whole seconds): B's wait is then its 8 s of ringing alone
                FoundationIT.awaitTrue("2301 in wrap-up after A", () -> view.inState("care", AgentState.WRAP_UP, "2301"));
                FoundationIT.awaitTrue("2301's wrap-up over", () -> view.inState("care", AgentState.AVAILABLE, "2301"));
                care.setAutoAnswer(Duration.ofMillis(8000));
                ExecutorService callers = Executors.newFixedThreadPool(4, r -> new Thread(r, "report-it-caller"));
                try {
                    CompletableFuture<SippResult> b = CompletableFuture.supplyAsync(() -> call("01055504002", "1", 14, 5342), callers);
                    IncomingCall answeredB = awaitAnswered(care, 1);
                    // the agent is paused while on B's call (QueuePause at once: the engine shows PAUSED only after the call),
                    // so C, D and E, placed now, are offered to nobody; B's call goes on to its end. C, D and E do not depend
                    // on each other: placed at once, each waits its own time
                    view.ami().send(AmiAction.of("QueuePause").with("Interface", "PJSIP/2301").with("Paused", "true")
                            .with("Reason", "break")).get(5, TimeUnit.SECONDS);
                    CompletableFuture<SippResult> c = CompletableFuture.supplyAsync(() -> call("01055504003", "1", 3, 5343), callers);
                    CompletableFuture<SippResult> d = CompletableFuture.supplyAsync(() -> call("01055504004", "1", 10, 5344), callers);
                    CompletableFuture<SippResult> e = CompletableFuture.supplyAsync(() -> call("01055504005", "", 1, 5345), callers);
                    assertTrue(b.get().allSucceeded(), "B");
                    answeredB.awaitEnded(WAIT);
                    FoundationIT.awaitTrue("the engine shows 2301 paused after B", () -> view.state("2301") == AgentState.PAUSED);
                    assertTrue(c.get().allSucceeded(), "C");
                    assertTrue(d.get().allSucceeded(), "D");
                    assertTrue(e.get().allSucceeded(), "E");
                } finally {
                    callers.shutdownNow();
                }
                assertEquals(2, care.calls().size(), "only A and B reached the phone");
                for (IncomingCall in : care.calls()) {
                    in.awaitEnded(WAIT);
                }
            } finally {
                view.unpause("2301");
            }
            FoundationIT.awaitTrue("5 call records of epsilon", () -> epsilonRecords() == 5);
        }

        ZoneId zone = RealStack.config().engine().timeZone();
        LocalDate today = LocalDate.now(zone);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                RealStack.engineEnv(Map.of())).execute(List.of("report", "--day", today.toString(), "--company", "epsilon",
                "--format", "csv", "--sl-seconds", "5", "--conf", RealStack.IT_CONF.toString()));
        String csv = out.toString(StandardCharsets.UTF_8);
        System.out.println("ivr report:\n" + csv + err.toString(StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));

        String[] company = row(csv, "company,epsilon,day,");
        assertEquals(List.of("5", "2", "1", "2"), Arrays.asList(company).subList(3, 7), "offered, answered, ab.ivr, ab.queue");
        assertEquals("50.0", company[7], "abandon rate");
        assertEquals("33.3", company[8], "service level");
        BigDecimal asa = new BigDecimal(company[9]);
        assertTrue(asa.compareTo(new BigDecimal("4.5")) >= 0 && asa.compareTo(new BigDecimal("5.5")) <= 0, "ASA " + asa + " s");

        String[] desk = row(csv, "desk,care,day,");
        assertEquals(List.of("4", "2", "0", "2", "50.0", "33.3"), Arrays.asList(desk).subList(3, 9), "desk care: no IVR abandon");
        assertEquals("1", row(csv, "desk,(none),day,")[5], "the IVR abandon has no desk yet");
    }

    /** The phone's call {@code index} once answered. */
    private static IncomingCall awaitAnswered(TestPhone phone, int index) throws InterruptedException {
        FoundationIT.awaitTrue("phone " + phone.user() + " call " + index + " answered", () -> phone.calls().size() > index
                && phone.calls().get(index).state() == IncomingCall.State.CONFIRMED);
        return phone.calls().get(index);
    }

    private static SippResult call(String caller, String digits, int holdSeconds, int port) {
        return FoundationIT.customerCall("0700000005", caller, digits, Duration.ofSeconds(holdSeconds), port);
    }

    private static String[] row(String csv, String prefix) {
        return Arrays.stream(csv.split("\r\n")).filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + prefix + " in\n" + csv)).split(",", -1);
    }

    private static int epsilonRecords() {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM call_record WHERE company_id = 'epsilon'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : -1;
        } catch (Exception e) {
            return -1;
        }
    }
}
