package ascc.agi.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiRequest;
import ascc.agi.testing.FakeAgiChannel;
import ascc.routing.RouteDecision;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.selfservice.CaseLookup;
import ascc.routing.selfservice.CaseStatus;
import ascc.routing.selfservice.CompanySelfService;
import ascc.routing.selfservice.FaqItem;
import ascc.routing.selfservice.RepairCase;
import ascc.routing.selfservice.SelfServiceConfig;
import ascc.routing.selfservice.SelfServiceResult;
import ascc.routing.selfservice.SelfServiceVisit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-service step of the inbound flow against a scripted channel: what is played, what is recorded, never trapped. */
class SelfServiceFlowTest {
    private static final String CALLER = "01012345678";
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Instant MONDAY_10 = LocalDateTime.parse("2026-06-01T10:00").atZone(SEOUL).toInstant();
    private static final Instant SUNDAY_10 = LocalDateTime.parse("2026-06-07T10:00").atZone(SEOUL).toInstant();
    private static final RepairCase CASE = new RepairCase("4821", "sori", CALLER, "speaker", CaseStatus.IN_REPAIR,
            Optional.of(LocalDate.parse("2026-06-05")), "fixit");

    @TempDir
    Path dir;

    private CenterConfig center;
    private SelfServiceConfig selfService;
    private final List<RepairCase> cases = new ArrayList<>();
    private boolean lookupFails;
    private final List<SelfServiceVisit> visits = new ArrayList<>();
    private final List<RouteDecision> routed = new ArrayList<>();
    private final List<String> abandoned = new ArrayList<>();

    private final CaseLookup lookup = new CaseLookup() {
        @Override
        public List<RepairCase> openCases(String companyId, String phone) {
            if (lookupFails) {
                throw new CaseLookupException("database away", null);
            }
            return cases.stream().filter(c -> c.companyId().equals(companyId) && c.phone().equals(phone)).toList();
        }

        @Override
        public Optional<RepairCase> byId(String companyId, String caseId) {
            return cases.stream().filter(c -> c.companyId().equals(companyId) && c.caseId().equals(caseId)).findFirst();
        }
    };

    @BeforeEach
    void setUp() {
        center = FlowConfig.load(dir);
        selfService = new SelfServiceConfig(Map.of("sori", new CompanySelfService("sori", true, true, true,
                Map.of(Category.PCS, List.of(new FaqItem("reset", "faq-reset", null))))), Map.of());
    }

    private FakeAgiChannel run(String digits, Instant at, int hangupAfter) {
        FakeAgiChannel ch = new FakeAgiChannel(FakeAgiChannel.request("inbound", CALLER, FlowConfig.SORI));
        for (String d : digits.split("\\|", -1)) {
            if (d.equals("T")) {
                ch.timeoutNext();
            } else if (!d.isEmpty()) {
                ch.pressDigits(d);
            }
        }
        if (hangupAfter > 0) {
            ch.hangupAfter(hangupAfter);
        }
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        // the company's own sounds: every prompt "installed" except the menu titles
        SelfServiceFlow.Sounds sounds = (company, prompt) -> prompt.endsWith("-title") || prompt.equals(SelfServiceFlow.P_MENU)
                ? Optional.empty() : Optional.of("/snd/" + company + "/" + prompt);
        SelfServiceFlow ss = new SelfServiceFlow(() -> selfService, () -> center, lookup, sounds, clock, (r, v) -> visits.add(v));
        new InboundFlow(() -> center, clock, new InboundFlow.Listener() {
            @Override
            public void routed(AgiRequest request, RouteDecision decision, Instant when) {
                routed.add(decision);
            }

            @Override
            public void abandoned(AgiRequest request, String step, Instant when) {
                abandoned.add(step);
            }
        }, Prompts.coreOnly(), new ascc.routing.RecentCallers(), InboundFlow.RecordingPlanner.NONE, ss).run(ch);
        return ch;
    }

    @Test
    void callerWithAnOpenCaseHearsItsStatusFirstThenZeroGoesToAnAgent() {
        cases.add(CASE);
        FakeAgiChannel ch = run("3|0", MONDAY_10, 0);

        List<String> c = ch.commands();
        assertEquals(List.of("ANSWER", "STREAM FILE /snd/sori/self-service-case", "EXEC SayDigits 4821",
                "STREAM FILE /snd/sori/self-service-status-in-repair", "STREAM FILE /snd/sori/self-service-expected",
                "EXEC SayUnixTime " + LocalDate.parse("2026-06-05").atTime(12, 0).atZone(SEOUL).toEpochSecond() + ",Asia/Seoul,BdY",
                "EXEC Read CC_MENU,digits/1&digits/2&digits/3&/snd/sori/self-service-agent&digits/0,1,,1,5",
                "GET VARIABLE CC_MENU"), c.subList(0, 8));
        assertEquals(1, routed.size());
        assertEquals("desk-digital", routed.get(0).queueName());
        assertTrue(routed.get(0).rule().contains("self-service menu: 0 for an agent"), routed.get(0).rule());
        assertTrue(c.contains("STREAM FILE /snd/sori/faq-reset"), c.toString());
        assertEquals(List.of(new SelfServiceVisit(ch.request().linkedId(), "sori", "pcs", List.of("case-status", "faq:reset"),
                SelfServiceResult.TO_AGENT, MONDAY_10)), visits);
    }

    @Test
    void zeroWhileTheStatusPlaysGoesToAnAgentAtOnce() {
        cases.add(CASE);
        FakeAgiChannel ch = run("0", MONDAY_10, 0);
        assertEquals(List.of("ANSWER", "STREAM FILE /snd/sori/self-service-case"), ch.commands().subList(0, 2));
        assertTrue(routed.get(0).rule().contains("0 pressed during the case status"), routed.get(0).rule());
        assertEquals(List.of(), visits.get(0).items());
    }

    @Test
    void faqKeyedThenHangUpIsResolvedInSelfServiceAndReportedAsAHangUpAtThatStep() {
        FakeAgiChannel ch = run("3", MONDAY_10, 6);

        assertTrue(ch.commands().contains("STREAM FILE /snd/sori/faq-reset"), ch.commands().toString());
        assertEquals(List.of(), routed);
        assertEquals(List.of(SelfServiceFlow.STEP), abandoned);
        assertEquals(1, visits.size());
        assertEquals(SelfServiceResult.RESOLVED, visits.get(0).result());
        assertEquals(List.of("faq:reset"), visits.get(0).items());
    }

    @Test
    void silenceInTheMenuGoesToAnAgent() {
        run("T", MONDAY_10, 0);
        assertEquals(1, routed.size());
        assertTrue(routed.get(0).rule().contains("self-service menu timed out"), routed.get(0).rule());
        assertEquals(SelfServiceResult.TO_AGENT, visits.get(0).result());
        assertEquals(List.of(), visits.get(0).items());
    }

    @Test
    void hangingUpBeforeAnyItemIsAnAbandonNotAResolution() {
        run("", MONDAY_10, 2);
        assertEquals(SelfServiceResult.ABANDONED, visits.get(0).result());
        assertEquals(List.of(SelfServiceFlow.STEP), abandoned);
    }

    @Test
    void hoursAreReadFromHoursYamlOpenUntilTheEndOfTodaysRangeOrTheNextOpening() {
        FakeAgiChannel open = run("2|0", MONDAY_10, 0);
        long closeAt = LocalDateTime.parse("2026-06-01T18:00").atZone(SEOUL).toEpochSecond();
        assertTrue(open.commands().contains("EXEC SayUnixTime " + closeAt + ",Asia/Seoul,HM"), open.commands().toString());
        assertTrue(open.commands().contains("STREAM FILE /snd/sori/self-service-open-until"), open.commands().toString());

        FakeAgiChannel closed = run("2|0", SUNDAY_10, 0);
        long mondayNine = LocalDateTime.parse("2026-06-08T09:00").atZone(SEOUL).toEpochSecond();
        assertTrue(closed.commands().contains("EXEC SayUnixTime " + mondayNine + ",Asia/Seoul,AHM"), closed.commands().toString());
        assertEquals(List.of("hours"), visits.get(1).items());
    }

    @Test
    void keyedCaseNumberReadsThatCaseAndAnUnknownOneSaysSo() {
        cases.add(new RepairCase("99887766", "sori", "01099999999", "amp", CaseStatus.SHIPPED, Optional.empty(), ""));
        FakeAgiChannel ch = run("1|99887766#|1|1234#|0", MONDAY_10, 0);
        List<String> c = ch.commands();
        assertTrue(c.contains("EXEC SayDigits 99887766"), c.toString());
        assertTrue(c.contains("STREAM FILE /snd/sori/self-service-status-shipped"), c.toString());
        assertTrue(c.contains("STREAM FILE /snd/sori/self-service-no-case"), c.toString());
        assertEquals(List.of("case-lookup"), visits.get(0).items());
        assertEquals(SelfServiceResult.TO_AGENT, visits.get(0).result());
    }

    @Test
    void aFailingCaseLookupSkipsTheStatusAndTheCallerStillReachesAnAgent() {
        cases.add(CASE);
        lookupFails = true;
        run("0", MONDAY_10, 0);
        assertEquals(1, routed.size());
        assertEquals(List.of(), visits.get(0).items());
    }

    @Test
    void aCompanyWithoutSelfServiceGoesStraightToTheInquiryMenu() {
        selfService = SelfServiceConfig.NONE;
        FakeAgiChannel ch = run("3", MONDAY_10, 0);
        assertEquals(List.of("ANSWER", "EXEC Read CC_MENU,digits/1&digits/2&digits/3&digits/4,1,,1,5", "GET VARIABLE CC_MENU"),
                ch.commands().subList(0, 3));
        assertEquals(List.of(), visits);
    }

    @Test
    void theCallerNumberIsNeverInTheRecordedVisitOrTheRule() {
        cases.add(CASE);
        run("3|0", MONDAY_10, 0);
        assertTrue(!routed.get(0).rule().contains(CALLER), routed.get(0).rule());
        assertTrue(!visits.get(0).toString().contains(CALLER), visits.get(0).toString());
    }
}
