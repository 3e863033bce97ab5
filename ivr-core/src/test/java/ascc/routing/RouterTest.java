package ascc.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ascc.routing.RouteDecision.Action;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.ConfigException;
import ascc.routing.config.ConfigFixture;

class RouterTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final String HANBIT = "0215880001";
    private static final String CALLER = "01012345678";

    @TempDir
    Path dir;

    private static ZonedDateTime seoul(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SEOUL);
    }

    private Router router() throws ConfigException {
        return new Router(ConfigFixture.in(dir).load());
    }

    @Test
    void companyNumberDuringOpeningHoursQueuesOnTheDeskOfItsFirstCategory() throws ConfigException {
        CenterConfig cfg = ConfigFixture.in(dir).load();
        RouteDecision d = new Router(cfg).route(HANBIT, CALLER, seoul("2026-06-01T10:00"));
        assertEquals(new RouteDecision(Action.QUEUE, Optional.of(cfg.companies().get("hanbit")), Optional.of(Category.HOME_APPLIANCES),
                cfg.desks().get("appliance"), "desk-appliance", false, Optional.empty(),
                "number 0215880001 -> company hanbit; category home-appliances -> desk appliance; open (mon 09:00-18:00)"), d);
    }

    @Test
    void closedOnAHoliday() throws ConfigException {
        RouteDecision d = router().route(HANBIT, CALLER, seoul("2026-09-25T10:00"));
        assertEquals(Action.CLOSED, d.action());
        assertEquals(Optional.of("holiday 2026-09-25 (Chuseok)"), d.closedReason());
        assertEquals("desk-appliance", d.queueName());
        assertEquals("number 0215880001 -> company hanbit; category home-appliances -> desk appliance;"
                + " closed: holiday 2026-09-25 (Chuseok)", d.rule());
    }

    @Test
    void closedAfterHoursAndOpenAgainNextMorning() throws ConfigException {
        Router r = router();
        RouteDecision evening = r.route(HANBIT, CALLER, seoul("2026-06-01T18:00"));
        assertEquals(Action.CLOSED, evening.action());
        assertEquals(Optional.of("outside opening hours of company hanbit"), evening.closedReason());
        assertEquals(Action.QUEUE, r.route(HANBIT, CALLER, seoul("2026-06-02T09:00")).action());
        assertEquals(Action.CLOSED, r.route(HANBIT, CALLER, seoul("2026-06-06T13:00")).action(), "saturday after 13:00");
    }

    @Test
    void sharedNumberNeedsTheCompanyCodeAndGoesToTheGeneralDesk() throws ConfigException {
        RouteDecision d = router().route("15880000", CALLER, seoul("2026-06-01T10:00"));
        assertEquals(Action.QUEUE, d.action());
        assertTrue(d.needsCompanyCode());
        assertEquals(Optional.empty(), d.company());
        assertEquals(Optional.empty(), d.category());
        assertEquals("general", d.desk().id());
        assertEquals("desk-general", d.queueName());
        assertEquals("number 15880000 is shared -> company code needed; desk general until the company is known;"
                + " open (mon 09:00-18:00)", d.rule());
    }

    @Test
    void unknownNumberNeedsTheCompanyCodeToo() throws ConfigException {
        RouteDecision d = router().route("0299999999", CALLER, seoul("2026-06-01T10:00"));
        assertEquals(Action.QUEUE, d.action());
        assertTrue(d.needsCompanyCode());
        assertEquals("general", d.desk().id());
        assertEquals("number 0299999999 is not a company number -> company code needed; desk general until the company is known;"
                + " open (mon 09:00-18:00)", d.rule());
    }

    @Test
    void missingDialedNumberIsTreatedLikeAnUnknownNumber() throws ConfigException {
        RouteDecision d = router().route(null, null, seoul("2026-06-01T10:00"));
        assertTrue(d.needsCompanyCode());
        assertEquals("no dialed number -> company code needed; desk general until the company is known; open (mon 09:00-18:00)",
                d.rule());
    }

    @Test
    void sharedNumberOnSundayIsClosedByTheGeneralDesksHours() throws ConfigException {
        RouteDecision d = router().route("15880000", CALLER, seoul("2026-06-07T10:00"));
        assertEquals(Action.CLOSED, d.action());
        assertTrue(d.needsCompanyCode());
        assertEquals(Optional.of("outside opening hours of desk general"), d.closedReason());
    }

    @Test
    void callTimeIsJudgedInTheCentersTimeZone() throws ConfigException {
        Router r = router();
        // 00:30 UTC is 09:30 in Seoul; 09:30 UTC is 18:30 in Seoul
        assertEquals(Action.QUEUE, r.route(HANBIT, CALLER, ZonedDateTime.of(2026, 6, 1, 0, 30, 0, 0, ZoneOffset.UTC)).action());
        assertEquals(Action.CLOSED, r.route(HANBIT, CALLER, ZonedDateTime.of(2026, 6, 1, 9, 30, 0, 0, ZoneOffset.UTC)).action());
        // 2026-09-24 20:00 UTC is already the Chuseok holiday in Seoul
        assertEquals(Optional.of("holiday 2026-09-25 (Chuseok)"),
                r.route(HANBIT, CALLER, ZonedDateTime.of(2026, 9, 24, 20, 0, 0, 0, ZoneOffset.UTC)).closedReason());
    }

    @Test
    void deskHoursAlsoApplyAndAreNamedInTheRule() throws ConfigException {
        Router r = new Router(ConfigFixture.in(dir).write("hours.yaml", ConfigFixture.HOURS + """
                desks:
                  appliance: {mon-fri: "10:00-17:00"}
                """).load());
        assertEquals(Optional.of("outside opening hours of desk appliance"),
                r.route(HANBIT, CALLER, seoul("2026-06-01T09:30")).closedReason());
        assertEquals("number 0215880001 -> company hanbit; category home-appliances -> desk appliance;"
                + " open (mon 09:00-18:00, desk appliance 10:00-17:00)", r.route(HANBIT, CALLER, seoul("2026-06-01T10:00")).rule());
    }

    @Test
    void companyClosureClosesOnlyThatCompany() throws ConfigException {
        Router r = new Router(ConfigFixture.in(dir).write("hours.yaml", ConfigFixture.HOURS + """
                closures:
                  - {date: 2026-06-01, company: hanbit, reason: Training}
                """).load());
        assertEquals(Optional.of("closure 2026-06-01 (Training)"), r.route(HANBIT, CALLER, seoul("2026-06-01T10:00")).closedReason());
        assertEquals(Action.QUEUE, r.route("0215880002", CALLER, seoul("2026-06-01T10:00")).action());
    }

    @Test
    void categoryWithoutADeskFallsBackToTheGeneralDesk() throws ConfigException {
        CenterConfig valid = ConfigFixture.in(dir).load();
        Company beautyMaker = new Company("dasom", "Dasom", "105", List.of("0515880005"), List.of(Category.BEAUTY));
        CenterConfig handBuilt = new CenterConfig(valid.engine(), List.of(beautyMaker), List.copyOf(valid.desks().values()),
                List.copyOf(valid.agents().values()), valid.hours());
        RouteDecision d = new Router(handBuilt).route("0515880005", CALLER, seoul("2026-06-01T10:00"));
        assertEquals(Action.FALLBACK, d.action());
        assertEquals("general", d.desk().id());
        assertEquals(Optional.of(Category.BEAUTY), d.category());
        assertFalse(d.needsCompanyCode());
        assertEquals("number 0515880005 -> company dasom; category beauty has no desk -> fallback desk general; open (mon 09:00-18:00)",
                d.rule());
    }

    @Test
    void reloadedConfigIsUsedForTheNextCall() throws Exception {
        AtomicReference<CenterConfig> current = new AtomicReference<>(ConfigFixture.in(dir).load());
        Router r = new Router(current::get);
        assertEquals("appliance", r.route(HANBIT, CALLER, seoul("2026-06-01T10:00")).desk().id());

        Path other = Files.createDirectories(dir.resolve("reloaded"));
        current.set(ConfigFixture.in(other).write("companies.yaml",
                ConfigFixture.COMPANIES.replace("categories: [home-appliances, pcs]", "categories: [pcs, home-appliances]")).load());
        assertEquals("digital", r.route(HANBIT, CALLER, seoul("2026-06-01T10:00")).desk().id());
    }
}
