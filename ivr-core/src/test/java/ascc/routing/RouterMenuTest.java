package ascc.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import ascc.routing.RouteDecision.Action;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.ConfigException;
import ascc.routing.config.ConfigFixture;

/** The menu steps of {@link Router} the inbound flow uses. */
class RouterMenuTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @TempDir
    Path dir;

    private CenterConfig cfg;
    private Router router;

    @BeforeEach
    void setUp() throws ConfigException {
        cfg = ConfigFixture.in(dir).load();
        router = new Router(cfg);
    }

    private static ZonedDateTime seoul(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SEOUL);
    }

    @Test
    void companyByNumberOnlyForCompanyNumbers() {
        assertEquals("hanbit", router.companyByNumber("0215880001").orElseThrow().id());
        assertEquals(Optional.empty(), router.companyByNumber("15880000"));
        assertEquals(Optional.empty(), router.companyByNumber("0299999999"));
        assertEquals(Optional.empty(), router.companyByNumber(null));
    }

    @Test
    void whyCodeNeededNamesSharedUnknownAndMissingNumbers() {
        assertEquals("number 15880000 is shared", router.whyCodeNeeded("15880000"));
        assertEquals("number 0299999999 is not a company number", router.whyCodeNeeded("0299999999"));
        assertEquals("no dialed number", router.whyCodeNeeded(""));
    }

    @Test
    void companyByCodeFindsTheCompany() {
        assertEquals("sori", router.companyByCode("102").orElseThrow().id());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "999", "*", "#", "*#*#", "10 1", "1O1", "101#", "1011011", "٠١٢", "-101"})
    void companyByCodeRejectsUnknownAndGarbageInput(String input) {
        assertEquals(Optional.empty(), router.companyByCode(input));
    }

    @ParameterizedTest(name = "\"{0}\" of {1} -> {2}")
    @CsvSource({"1,2,1", "2,2,2", "3,2,0", "0,4,0", "9,9,9", "10,17,10", "17,17,17", "18,17,0", "01,17,0", "*,4,0", "#,4,0",
        "'',4,0", "1#,4,0", "123,17,0", "a,4,0"})
    void menuChoiceAcceptsOnlyANumberInRange(String input, int options, int expected) {
        assertEquals(expected, Router.menuChoice(input, options));
    }

    @Test
    void menuChoiceOfNullIsNoChoice() {
        assertEquals(0, Router.menuChoice(null, 4));
    }

    @Test
    void routeCompanyQueuesOnTheChosenCategorysDesk() {
        Company hanbit = cfg.companies().get("hanbit");
        RouteDecision d = router.routeCompany(hanbit, Category.PCS, seoul("2026-06-01T10:00"), "code 101 -> company hanbit", true);
        assertEquals(new RouteDecision(Action.QUEUE, Optional.of(hanbit), Optional.of(Category.PCS), Optional.empty(),
                cfg.desks().get("digital"), "desk-digital", true, Optional.empty(),
                "code 101 -> company hanbit; category pcs -> desk digital; open (mon 09:00-18:00)"), d);
    }

    @Test
    void routeCompanyChecksHoursOfTheChosenDesk() {
        RouteDecision d = router.routeCompany(cfg.companies().get("hanbit"), Category.HOME_APPLIANCES, seoul("2026-09-25T10:00"));
        assertEquals(Action.CLOSED, d.action());
        assertEquals("company hanbit; category home-appliances -> desk appliance; closed: holiday 2026-09-25 (Chuseok)", d.rule());
    }

    @Test
    void routeCompanyRefusesACategoryTheCompanyDoesNotEnroll() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> router.routeCompany(cfg.companies().get("sori"), Category.HOME_APPLIANCES, seoul("2026-06-01T10:00")));
        assertEquals("company sori does not enroll category home-appliances (enrolled: [pcs])", e.getMessage());
    }

    @Test
    void routeGeneralQueuesOnTheGeneralDeskWithTheReason() {
        RouteDecision d = router.routeGeneral("number 15880000 is shared; 3 invalid company codes", seoul("2026-06-01T10:00"));
        assertEquals(Action.QUEUE, d.action());
        assertEquals("general", d.desk().id());
        assertEquals(Optional.empty(), d.company());
        assertTrue(d.needsCompanyCode());
        assertEquals("number 15880000 is shared; 3 invalid company codes -> general desk general; open (mon 09:00-18:00)", d.rule());
    }

    @Test
    void routeGeneralIsClosedOnSunday() {
        RouteDecision d = router.routeGeneral("no company code keyed in", seoul("2026-06-07T10:00"));
        assertEquals(Action.CLOSED, d.action());
        assertEquals("desk-general", d.queueName());
    }

    @Test
    void withInquiryAddsTheTypeAndItsReasonToTheRule() {
        RouteDecision d = router.routeCompany(cfg.companies().get("sori"), Category.PCS, seoul("2026-06-01T10:00"))
                .withInquiry(InquiryType.FAULT, "menu 1");
        assertEquals(Optional.of(InquiryType.FAULT), d.inquiry());
        assertTrue(d.rule().endsWith("; inquiry fault (menu 1)"), d.rule());
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({"1,fault", "2,howto", "3,purchase", "4,other"})
    void inquiryTypesByMenuDigit(String digit, String id) {
        InquiryType t = InquiryType.byDigit(digit).orElseThrow();
        assertEquals(id, t.id());
        assertEquals(Integer.parseInt(digit), t.digit());
        assertEquals(Optional.of(t), InquiryType.byId(id));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "0", "5", "12", "*", "#", "x"})
    void inquiryTypeByDigitIsEmptyForAnythingElse(String input) {
        assertEquals(Optional.empty(), InquiryType.byDigit(input));
    }
}
