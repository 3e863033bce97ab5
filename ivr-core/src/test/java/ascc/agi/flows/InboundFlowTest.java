package ascc.agi.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiRequest;
import ascc.agi.testing.FakeAgiChannel;
import ascc.routing.InquiryType;
import ascc.routing.RouteDecision;
import ascc.routing.config.Category;
import ascc.routing.config.AfterHours;
import ascc.routing.config.CenterConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InboundFlowTest {
    private static final String CALLER = "01012345678";
    private static final Instant MONDAY_10 = LocalDateTime.parse("2026-06-01T10:00").atZone(ZoneId.of("Asia/Seoul")).toInstant();
    private static final Instant SUNDAY_10 = LocalDateTime.parse("2026-06-07T10:00").atZone(ZoneId.of("Asia/Seoul")).toInstant();

    @TempDir
    Path dir;

    private CenterConfig config;
    private final List<RouteDecision> routed = new ArrayList<>();
    private final List<String> abandoned = new ArrayList<>();
    private final List<String> afterHours = new ArrayList<>();

    private final InboundFlow.Listener listener = new InboundFlow.Listener() {
        @Override
        public void routed(AgiRequest request, RouteDecision decision, Instant at) {
            routed.add(decision);
        }

        @Override
        public void abandoned(AgiRequest request, String step, Instant at) {
            abandoned.add(step + "@" + at);
        }

        @Override
        public void afterHours(AgiRequest request, RouteDecision decision, AfterHours outcome, String number, Instant at) {
            afterHours.add(outcome.id() + ":" + number);
        }
    };

    @BeforeEach
    void setUp() {
        config = FlowConfig.load(dir);
    }

    private static FakeAgiChannel call(String dialed) {
        return new FakeAgiChannel(FakeAgiChannel.request("inbound", CALLER, dialed));
    }

    private void run(FakeAgiChannel ch, Instant at) {
        new InboundFlow(() -> config, Clock.fixed(at, ZoneOffset.UTC), listener).run(ch);
    }

    private RouteDecision onlyDecision() {
        assertEquals(1, routed.size(), "routed decisions: " + routed);
        assertEquals(List.of(), abandoned);
        return routed.get(0);
    }

    @Test
    void companyNumberWithTwoCategoriesAsksTheCategoryThenTheInquiryType() {
        FakeAgiChannel ch = call(FlowConfig.HANBIT).pressDigits("2").pressDigits("1");
        run(ch, MONDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals(RouteDecision.Action.QUEUE, d.action());
        assertEquals(Optional.of(Category.PCS), d.category());
        assertEquals(Optional.of(InquiryType.FAULT), d.inquiry());
        assertEquals("number 0215880001 -> company hanbit; category menu 2; category pcs -> desk digital;"
                + " open (mon 09:00-18:00); inquiry fault (menu 1)", d.rule());
        assertEquals(List.of("ANSWER",
                "EXEC Read CC_MENU,digits/1&digits/2,1,,1,5",
                "GET VARIABLE CC_MENU",
                "EXEC Read CC_MENU,digits/1&digits/2&digits/3&digits/4,1,,1,5",
                "GET VARIABLE CC_MENU",
                "SET VARIABLE __CC_COMPANY hanbit",
                "SET VARIABLE __CC_CATEGORY pcs",
                "SET VARIABLE __CC_INQUIRY fault",
                "SET VARIABLE __CC_DESK digital",
                "SET VARIABLE __CC_CALLER_MASKED 010******78",
                "SET VARIABLE CC_QUEUE desk-digital",
                "SET VARIABLE CC_ACTION queue"), ch.commands());
    }

    @Test
    void singleCategoryCompanyGetsNoCategoryMenu() {
        FakeAgiChannel ch = call(FlowConfig.SORI).pressDigits("3");
        run(ch, MONDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals(Optional.of(InquiryType.PURCHASE), d.inquiry());
        assertEquals("desk-digital", ch.variable("CC_QUEUE"));
        assertEquals("purchase", ch.variable("__CC_INQUIRY"));
        assertEquals(List.of("digits/1"), ch.prompts(), "only the inquiry menu, interrupted by the key at its first file");
    }

    @Test
    void validCompanyCodeOnTheSharedNumberPlaysTheCompanyGreeting() {
        FakeAgiChannel ch = call(FlowConfig.SHARED).pressDigits("102#").pressDigits("2");
        run(ch, MONDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals("sori", d.company().orElseThrow().id());
        assertTrue(d.needsCompanyCode());
        assertEquals("number 15880000 is shared; code 102 -> company sori; category pcs -> desk digital;"
                + " open (mon 09:00-18:00); inquiry howto (menu 2)", d.rule());
        assertEquals(List.of("ANSWER", "GET DATA beep 5000 6", "STREAM FILE beep",
                "EXEC Read CC_MENU,digits/1&digits/2&digits/3&digits/4,1,,1,5", "GET VARIABLE CC_MENU"),
                ch.commands().subList(0, 5));
        assertEquals("sori", ch.variable("__CC_COMPANY"));
        assertEquals("howto", ch.variable("__CC_INQUIRY"));
        assertEquals("queue", ch.variable("CC_ACTION"));
    }

    @Test
    void unknownDialedNumberAlsoAsksForTheCode() {
        FakeAgiChannel ch = call("0299999999").pressDigits("101#").pressDigits("1").pressDigits("4");
        run(ch, MONDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals("number 0299999999 is not a company number; code 101 -> company hanbit; category menu 1;"
                + " category home-appliances -> desk appliance; open (mon 09:00-18:00); inquiry other (menu 4)", d.rule());
        assertEquals("desk-appliance", ch.variable("CC_QUEUE"));
    }

    @Test
    void invalidCodeIsRepromptedAndAValidOneStillCounts() {
        FakeAgiChannel ch = call(FlowConfig.SHARED).pressDigits("999#").pressDigits("102#").pressDigits("1");
        run(ch, MONDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals("sori", d.company().orElseThrow().id());
        assertTrue(d.rule().startsWith("number 15880000 is shared; code 102 after invalid code(s) \"999\" -> company sori;"), d.rule());
        assertEquals(List.of("beep", "invalid", "beep", "beep", "digits/1"), ch.prompts());
    }

    @Test
    void threeInvalidCodesGoToTheGeneralDeskWithoutFurtherMenus() {
        FakeAgiChannel ch = call(FlowConfig.SHARED).pressDigits("9#").pressDigits("555#").pressDigits("12345#");
        run(ch, MONDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals(RouteDecision.Action.QUEUE, d.action());
        assertEquals(Optional.empty(), d.company());
        assertEquals(Optional.empty(), d.inquiry());
        assertEquals("general", d.desk().id());
        assertEquals("number 15880000 is shared; 3 invalid company codes \"9\", \"555\", \"12345\" -> general desk general;"
                + " open (mon 09:00-18:00)", d.rule());
        assertEquals(List.of("beep", "invalid", "beep", "invalid", "beep"), ch.prompts());
        assertEquals("desk-general", ch.variable("CC_QUEUE"));
        assertNull(ch.variable("__CC_COMPANY"));
        assertNull(ch.variable("__CC_INQUIRY"));
        assertEquals("general", ch.variable("__CC_DESK"));
    }

    @Test
    void noInputAtAllGoesToTheGeneralDeskAtOnce() {
        FakeAgiChannel ch = call(FlowConfig.SHARED).timeoutNext();
        run(ch, MONDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals("general", d.desk().id());
        assertEquals("number 15880000 is shared; no company code keyed in -> general desk general; open (mon 09:00-18:00)",
                d.rule());
        assertEquals(List.of("beep"), ch.prompts(), "asked once");
    }

    @Test
    void noInputAfterAnInvalidCodeSaysBoth() {
        FakeAgiChannel ch = call(FlowConfig.SHARED).pressDigits("77#").timeoutNext();
        run(ch, MONDAY_10);

        assertTrue(onlyDecision().rule().startsWith(
                "number 15880000 is shared; no company code keyed in after invalid code(s) \"77\" -> general desk general"),
                routed.get(0).rule());
    }

    @Test
    void categoryMenuWithNothingValidTwiceTakesTheFirstCategory() {
        FakeAgiChannel ch = call(FlowConfig.HANBIT).pressDigits("7").timeoutNext().pressDigits("2");
        run(ch, MONDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals(Optional.of(Category.HOME_APPLIANCES), d.category());
        assertEquals("number 0215880001 -> company hanbit; category menu: \"7\", no answer -> first category;"
                + " category home-appliances -> desk appliance; open (mon 09:00-18:00); inquiry howto (menu 2)", d.rule());
        // 1st try: "7" pressed during the first file; 2nd try: silence through the whole menu (Read plays every file)
        assertEquals(List.of("digits/1", "invalid", "digits/1", "digits/2", "digits/1"),
                ch.prompts());
    }

    @Test
    void invalidOrMissingInquiryAnswerIsOther() {
        FakeAgiChannel invalid = call(FlowConfig.SORI).pressDigits("9");
        run(invalid, MONDAY_10);
        FakeAgiChannel none = call(FlowConfig.SORI).timeoutNext();
        run(none, MONDAY_10);

        assertEquals(2, routed.size());
        assertEquals(Optional.of(InquiryType.OTHER), routed.get(0).inquiry());
        assertTrue(routed.get(0).rule().endsWith("; inquiry other (invalid answer \"9\")"), routed.get(0).rule());
        assertTrue(routed.get(1).rule().endsWith("; inquiry other (no answer)"), routed.get(1).rule());
        assertEquals("other", none.variable("__CC_INQUIRY"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1,fault", "2,howto", "3,purchase", "4,other", "0,other", "5,other", "*,other"})
    void eachInquiryDigitMapsToItsType(String digit, String type) {
        run(call(FlowConfig.SORI).pressDigits(digit), MONDAY_10);

        assertEquals(type, onlyDecision().inquiry().orElseThrow().id());
    }

    @Test
    void closedDeskSkipsTheInquiryMenuPlaysTheClosedPromptAndOffersACallback() {
        FakeAgiChannel ch = call(FlowConfig.HANBIT).pressDigits("1").timeoutNext();
        run(ch, SUNDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals(RouteDecision.Action.CLOSED, d.action());
        assertEquals(Optional.empty(), d.inquiry());
        assertEquals(List.of("digits/1", Prompts.CLOSED, "beep"), ch.prompts(), "category menu, closed message, callback offer");
        assertEquals("hangup", ch.variable("CC_ACTION"));
        assertNull(ch.variable("CC_QUEUE"));
        assertEquals(List.of(), afterHours, "no key pressed: no callback");
    }

    @Test
    void callbackAcceptedOnTheCallersOwnNumberIsReportedWithThatNumber() {
        FakeAgiChannel ch = call(FlowConfig.HANBIT).pressDigits("1").pressDigits("1").pressDigits("1");
        run(ch, SUNDAY_10);

        assertEquals(List.of("callback:" + CALLER), afterHours);
        assertTrue(ch.commands().contains("EXEC SayDigits " + CALLER), ch.commands().toString());
        assertEquals("hangup", ch.variable("CC_ACTION"));
        assertEquals(Prompts.THANKS, ch.prompts().get(ch.prompts().size() - 1));
    }

    @Test
    void callbackOnAnotherNumberTakesTheKeyedNumberAndRefusesGarbage() {
        FakeAgiChannel ok = call(FlowConfig.HANBIT).pressDigits("1").pressDigits("1").pressDigits("2").pressDigits("0317778888#");
        run(ok, SUNDAY_10);
        assertEquals(List.of("callback:0317778888"), afterHours);

        afterHours.clear();
        FakeAgiChannel bad = call(FlowConfig.HANBIT).pressDigits("1").pressDigits("1").pressDigits("2").pressDigits("12*#");
        run(bad, SUNDAY_10);
        assertEquals(List.of(), afterHours, "4 digits is no phone number");
        assertEquals("hangup", bad.variable("CC_ACTION"));
    }

    @Test
    void voicemailCompanyAfterHoursGoesToItsBoxByCompanyCode() {
        FakeAgiChannel ch = call(FlowConfig.SORI);
        run(ch, SUNDAY_10);

        assertEquals("voicemail", ch.variable("CC_ACTION"));
        assertEquals("102@ascc", ch.variable("CC_MAILBOX"));
        assertEquals(Prompts.CLOSED, ch.variable("CC_PROMPT"));
        assertEquals(List.of("voicemail:null"), afterHours);
    }

    @ParameterizedTest(name = "{0} keying {1}, hang-up after {2} commands -> {3}")
    @CsvSource({
        "15880000,   999#101#11, 0, answer",
        "15880000,   999#101#11, 1, company-code",
        "15880000,   999#101#11, 2, company-code",
        "15880000,   999#101#11, 3, company-code",
        "15880000,   999#101#11, 4, greeting",
        "15880000,   999#101#11, 5, category",
        "15880000,   999#101#11, 6, category",
        "15880000,   999#101#11, 7, inquiry",
        "15880000,   999#101#11, 8, inquiry",
        "15880000,   999#101#11, 9, handoff",
        "0215880001, 1,          1, category",
        "0215880001, 11,         2, category",
        "0215880001, 11,         3, inquiry",
        "0215880001, 11,         4, inquiry",
        "0215880001, 11,         5, handoff",
        "0215880002, 1,          1, inquiry",
        "0215880002, 1,          2, inquiry",
        "0215880002, 1,          3, handoff",
        "0215880002, 1,          7, handoff"})
    void hangUpAnywhereInTheMenusIsReportedAsAbandonedWithTheStep(String dialed, String digits, int commands, String step) {
        FakeAgiChannel ch = call(dialed).pressDigits(digits).hangupAfter(commands);
        run(ch, MONDAY_10);

        assertEquals(List.of(step + "@" + MONDAY_10), abandoned);
        assertEquals(List.of(), routed);
        assertTrue(ch.hungUp());
        assertEquals(1, ch.refusedAfterHangup(), "the flow stops at the first refused command");
    }

    @Test
    void theDecisionIsRecordedOnlyOnceEveryHandOffVariableIsSet() {
        // ANSWER, inquiry Read + GET VARIABLE, then the hand-off batch (one MSet over FastAGI; one SET each here):
        // __CC_COMPANY, __CC_CATEGORY, __CC_INQUIRY, __CC_DESK, __CC_CALLER_MASKED, CC_QUEUE, CC_ACTION
        FakeAgiChannel cut = call(FlowConfig.SORI).pressDigits("1").hangupAfter(9);
        run(cut, MONDAY_10);
        assertEquals(List.of(), routed, "CC_ACTION was refused: Asterisk would not queue the call");
        assertEquals(List.of("handoff@" + MONDAY_10), abandoned);

        abandoned.clear();
        FakeAgiChannel whole = call(FlowConfig.SORI).pressDigits("1").hangupAfter(10);
        run(whole, MONDAY_10);
        assertEquals(1, routed.size());
        assertEquals(List.of(), abandoned);
        assertEquals("queue", whole.variable("CC_ACTION"));
    }

    @Test
    void starHashFloodOnTheCodePromptEndsAtTheGeneralDesk() {
        FakeAgiChannel ch = call(FlowConfig.SHARED).pressDigits("*#*#*#*#*#*#*#*#*#*#");
        run(ch, MONDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals("general", d.desk().id());
        assertTrue(d.rule().contains("3 invalid company codes \"*\", \"*\", \"*\""), d.rule());
    }

    @Test
    void overlyLongCodeIsInvalidNotTruncatedIntoAMatch() {
        // GET DATA stops at 6 digits: "101101", "101101", "101101" are all invalid
        FakeAgiChannel ch = call(FlowConfig.SHARED).pressDigits("101101101101101101101");
        run(ch, MONDAY_10);

        assertEquals("general", onlyDecision().desk().id());
        assertEquals(List.of("GET DATA beep 5000 6", "GET DATA beep 5000 6", "GET DATA beep 5000 6"),
                ch.commands().stream().filter(c -> c.startsWith("GET DATA")).toList());
    }

    @Test
    void floodInTheCategoryAndInquiryMenusFallsBackToDefaults() {
        FakeAgiChannel ch = call(FlowConfig.HANBIT).pressDigits("*#*#*#*#*#*#");
        run(ch, MONDAY_10);

        RouteDecision d = onlyDecision();
        assertEquals(Optional.of(Category.HOME_APPLIANCES), d.category());
        assertEquals(Optional.of(InquiryType.OTHER), d.inquiry());
        assertEquals("queue", ch.variable("CC_ACTION"));
    }

    @Test
    void recordedPromptsAreUsedWhenAvailable() {
        FakeAgiChannel ch = call(FlowConfig.SHARED).pressDigits("101#").pressDigits("2").pressDigits("1");
        new InboundFlow(() -> config, Clock.fixed(MONDAY_10, ZoneOffset.UTC), listener, Prompts.of(name -> true)).run(ch);

        // each menu's key is pressed during its first (recorded) file
        assertEquals(List.of("ascc/menu/company-code", "ascc/hanbit/greeting", "ascc/menu/category", "ascc/menu/inquiry"),
                ch.prompts());
        assertEquals("ascc/menu/category&ascc/category/home-appliances&digits/1&ascc/category/pcs&digits/2",
                Prompts.of(name -> true).categoryMenu(config.companies().get("hanbit")));
        assertEquals("pcs", ch.variable("__CC_CATEGORY"));
    }

    @Test
    void aCompanysOwnInquiryOrderMapsTheDigits() {
        CenterConfig base = config;
        ascc.routing.config.Company sori = base.companies().get("sori");
        ascc.routing.config.Company reordered = new ascc.routing.config.Company(sori.id(), sori.name(), sori.code(), sori.numbers(),
                sori.categories(), sori.vip(), List.of(InquiryType.PURCHASE, InquiryType.FAULT));
        List<ascc.routing.config.Company> all = new ArrayList<>(base.companies().values());
        all.replaceAll(c -> c.id().equals("sori") ? reordered : c);
        config = new CenterConfig(base.engine(), all, List.copyOf(base.desks().values()), List.copyOf(base.agents().values()),
                base.hours());
        FakeAgiChannel ch = call(FlowConfig.SORI).pressDigits("1");
        run(ch, MONDAY_10);
        assertEquals(InquiryType.PURCHASE, onlyDecision().inquiry().orElseThrow(), "1 is the company's first type");
        assertEquals("digits/1&digits/2", Prompts.coreOnly().inquiryMenu(reordered), "a two-item menu");
    }

    @Test
    void aMultiFileMenuIsOneReadWhoseFirstKeyInterruptsThePromptAndCounts() {
        FakeAgiChannel keyed = call(FlowConfig.SHARED).pressDigits("2");
        assertEquals("2", InboundFlow.menu(keyed, "a&b&c", 1, 5000));
        assertEquals(List.of("EXEC Read CC_MENU,a&b&c,1,,1,5", "GET VARIABLE CC_MENU"), keyed.commands());
        assertEquals(List.of("a"), keyed.prompts(), "the key interrupted the first file");

        FakeAgiChannel twoDigits = call(FlowConfig.SHARED).pressDigits("12");
        assertEquals("12", InboundFlow.menu(twoDigits, "a&b", 2, 5000));
        assertEquals("EXEC Read CC_MENU,a&b,2,,1,5", twoDigits.commands().get(0));
    }

    @Test
    void silenceThroughAMultiFileMenuIsNoAnswerAndALoneHashIsAnEmptyOne() {
        FakeAgiChannel silent = call(FlowConfig.SHARED).timeoutNext();
        assertNull(InboundFlow.menu(silent, "a&b&c", 1, 5000));
        assertEquals(List.of("EXEC Read CC_MENU,a&b&c,1,,1,5", "GET VARIABLE CC_MENU", "GET VARIABLE READSTATUS"), silent.commands());
        assertEquals(List.of("a", "b", "c"), silent.prompts());

        FakeAgiChannel hash = call(FlowConfig.SHARED).pressDigits("#");
        assertEquals("", InboundFlow.menu(hash, "a&b", 1, 5000));
    }

    @Test
    void aSingleFileMenuIsOneGetData() {
        FakeAgiChannel ch = call(FlowConfig.SHARED).pressDigits("1");
        assertEquals("1", InboundFlow.menu(ch, "beep", 1, 5000));
        assertEquals(List.of("GET DATA beep 5000 1"), ch.commands());
    }

    @Test
    void readReportingAHangUpEndsTheCallAsAbandonedAtTheMenusStep() {
        FakeAgiChannel byResult = call(FlowConfig.HANBIT).execResult("Read", -1);
        run(byResult, MONDAY_10);
        assertEquals(List.of("category@" + MONDAY_10), abandoned);

        abandoned.clear();
        FakeAgiChannel byStatus = call(FlowConfig.SORI).presetVariable("READSTATUS", "HANGUP").presetVariable("CC_MENU", "");
        byStatus.execResult("Read", 0);
        run(byStatus, MONDAY_10);
        assertEquals(List.of("inquiry@" + MONDAY_10), abandoned);
        assertEquals(List.of(), routed);
    }

    @Test
    void everyMenuListensForTheConfiguredTimeoutReadPerCallSoAReloadAppliesToTheNextCall(@TempDir Path other) {
        CenterConfig fiveSeconds = config;
        InboundFlow flow = new InboundFlow(() -> config, Clock.fixed(MONDAY_10, ZoneOffset.UTC), listener);
        FakeAgiChannel before = call(FlowConfig.SHARED).pressDigits("101#").timeoutNext().timeoutNext().timeoutNext();
        flow.run(before);
        assertTrue(before.commands().contains("GET DATA " + Prompts.coreOnly().companyCode() + " 5000 6"), before.commands()::toString);

        config = FlowConfig.withMenuTimeout(other, 2000);
        assertEquals(java.time.Duration.ofSeconds(2), config.engine().menuTimeout());
        FakeAgiChannel after = call(FlowConfig.SHARED).pressDigits("101#").timeoutNext().timeoutNext().timeoutNext();
        flow.run(after);
        assertTrue(after.commands().contains("GET DATA " + Prompts.coreOnly().companyCode() + " 2000 6"), after.commands()::toString);
        List<String> reads = after.commands().stream().filter(c -> c.startsWith("EXEC Read ")).toList();
        assertFalse(reads.isEmpty(), after.commands()::toString);
        assertTrue(reads.stream().allMatch(c -> c.endsWith(",,1,2")), reads::toString);
        assertTrue(after.commands().stream().filter(c -> c.startsWith("GET DATA ")).allMatch(c -> c.contains(" 2000 ")),
                after.commands()::toString);
        assertEquals(java.time.Duration.ofSeconds(5), fiveSeconds.engine().menuTimeout(), "the default is 5 s");
    }

    @Test
    void readTimeoutIsWholeSeconds() {
        assertEquals("5", InboundFlow.seconds(5000));
        assertEquals("2.5", InboundFlow.seconds(2500));
        assertEquals("2", InboundFlow.seconds(2000));
        assertEquals("1.25", InboundFlow.seconds(1250));
    }

    @Test
    void callerInputIsShownQuotedTrimmedAndWithoutOddCharacters() {
        assertEquals("\"12*#\"", InboundFlow.shown("12*#"));
        assertEquals("\"1?2\"", InboundFlow.shown("1x2"));
        assertEquals("\"12345678...\"", InboundFlow.shown("1234567890"));
        assertFalse(InboundFlow.shown("a\nb").contains("\n"));
    }
}
