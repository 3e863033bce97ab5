package ascc.routing.campaign;

import ascc.core.config.yaml.CampaignsLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.InquiryType;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CampaignsLoaderTest {
    private static final Set<String> COMPANIES = Set.of("hanbit", "sori-audio");

    private static final String SURVEY = """
            trunk-channels: 8
            campaigns:
              - company: hanbit
                id: q4
                kind: survey
                questions:
                  - {id: q1, kind: scale1to5, prompt: survey-q1}
                  - {id: q2, kind: yes-no, prompt: survey-q2}
                schedule: "0 0/5 10-17 ? * MON-FRI"
                window: {days: [mon, fri], hours: "10:00-18:00"}
                pacing: {max-concurrent: 3, calls-per-second: 0.5}
                retries:
                  busy: {max-attempts: 3, backoff: 10m}
                  no-answer: {max-attempts: 2, backoff: 2h}
                end-date: 2026-12-31
            """;

    @Test
    void readsSurveyCampaignWithEveryPart() throws ConfigException {
        CampaignsConfig cfg = CampaignsLoader.parse(SURVEY, COMPANIES);
        assertEquals(8, cfg.trunkChannels());
        Campaign c = cfg.find("hanbit", "q4").orElseThrow();
        assertEquals(CampaignKind.SURVEY, c.kind());
        assertEquals(List.of(new Question("q1", QuestionKind.SCALE_1_TO_5, "survey-q1"), new Question("q2", QuestionKind.YES_NO,
                "survey-q2")),
                c.questions());
        assertEquals("0 0/5 10-17 ? * MON-FRI", c.schedule());
        assertEquals(new CallWindow(Set.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(10, 0), LocalTime.of(18, 0)), c.window());
        assertEquals(new Pacing(3, 0.5), c.pacing());
        assertEquals(Map.of(AttemptResult.BUSY, new RetryRule(3, Duration.ofMinutes(10)), AttemptResult.NO_ANSWER,
                new RetryRule(2, Duration.ofHours(2))), c.retries());
        assertEquals(LocalDate.of(2026, 12, 31), c.endDate().orElseThrow());
        assertTrue(c.happyCall().isEmpty());
    }

    @Test
    void readsHappyCallRules() throws ConfigException {
        String yaml = """
                campaigns:
                  - company: sori-audio
                    id: happy
                    kind: happy-call
                    questions: [{id: s, kind: scale1to5, prompt: happy}]
                    schedule: "0 0/10 10-17 ? * MON-FRI"
                    window: {days: [mon], hours: "10:00-18:00"}
                    pacing: {max-concurrent: 1, calls-per-second: 1}
                    happy-call:
                      outcomes: [answered]
                      inquiry-types: [fault, howto]
                      delay: 1d
                      once-per-days: 30
                      low-score: 2
                """;
        Campaign c = CampaignsLoader.parse(yaml, COMPANIES).campaigns().get(0);
        HappyCallRules h = c.happyCall().orElseThrow();
        assertEquals(Duration.ofDays(1), h.delay());
        assertEquals(30, h.oncePerDays());
        assertTrue(h.qualifies("answered", InquiryType.HOWTO));
        assertTrue(!h.qualifies("voicemail", InquiryType.FAULT));
        assertTrue(h.isLow(2) && !h.isLow(3));
        assertEquals(10, CampaignsLoader.parse(yaml, COMPANIES).trunkChannels());
    }

    @Test
    void rejectsUnknownKeyWithFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CampaignsLoader.parse(SURVEY.replace("    end-date:", "    max-calls: 3\n    end-date:"), COMPANIES));
        Problem p = single(e);
        assertEquals("campaigns.yaml", p.file());
        assertEquals(15, p.line());
        assertEquals("campaigns[0].max-calls", p.key());
        assertTrue(p.message().contains("unknown key 'max-calls'"), p.message());
    }

    @Test
    void reportsEveryProblemNotJustTheFirst() {
        String bad = SURVEY.replace("company: hanbit", "company: nobody").replace("kind: yes-no", "kind: stars")
                .replace("hours: \"10:00-18:00\"", "hours: \"18:00-10:00\"").replace("backoff: 10m", "backoff: soon")
                .replace("0 0/5 10-17 ? * MON-FRI", "0 0/5 10-17 * * MON-FRI").replace("calls-per-second: 0.5", "calls-per-second: 500");
        ConfigException e = assertThrows(ConfigException.class, () -> CampaignsLoader.parse(bad, COMPANIES));
        List<String> keys = e.problems().stream().map(Problem::key).toList();
        assertEquals(List.of("campaigns[0].company", "campaigns[0].questions[1].kind", "campaigns[0].schedule",
                "campaigns[0].window.hours", "campaigns[0].pacing.calls-per-second", "campaigns[0].retries.busy.backoff"), keys,
                e.getMessage());
        assertEquals(List.of(3, 8, 9, 10, 11, 13), e.problems().stream().map(Problem::line).toList());
    }

    @Test
    void rejectsDuplicateCampaignOfOneCompany() {
        String twice = SURVEY + SURVEY.substring(SURVEY.indexOf("  - company")).replace("ZZZ", "");
        ConfigException e = assertThrows(ConfigException.class, () -> CampaignsLoader.parse(twice, COMPANIES));
        Problem p = single(e);
        assertEquals("campaigns[1].id", p.key());
        assertTrue(p.message().contains("duplicate campaign 'q4' of company 'hanbit' (first at line 4)"), p.message());
    }

    @Test
    void surveyNeedsEndDateAndMayNotHaveHappyCallRules() {
        ConfigException e = assertThrows(ConfigException.class, () -> CampaignsLoader.parse(SURVEY.replace("    end-date: 2026-12-31\n",
                "    happy-call: {outcomes: [answered], inquiry-types: [fault], delay: 1d, once-per-days: 1, low-score: 2}\n"), COMPANIES));
        List<String> keys = e.problems().stream().map(Problem::key).toList();
        assertEquals(List.of("campaigns[0].end-date", "campaigns[0].happy-call"), keys.stream().sorted().toList(), e.getMessage());
    }

    @Test
    void happyCallCampaignNeedsItsRules() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CampaignsLoader.parse(SURVEY.replace("kind: survey", "kind: happy-call"), COMPANIES));
        assertEquals("campaigns[0].happy-call", single(e).key());
    }

    @Test
    void reportsSyntaxErrorWithLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> CampaignsLoader.parse("campaigns:\n  - id: [\n", COMPANIES));
        assertEquals("(syntax)", single(e).key());
    }

    @Test
    void missingFileMeansNoCampaigns(@TempDir Path dir) throws ConfigException {
        assertEquals(CampaignsConfig.NONE, CampaignsLoader.load(dir, COMPANIES, Map.of()));
    }

    @Test
    void shippedCampaignsYamlIsValid() throws ConfigException {
        Path conf = Path.of("../conf");
        assertTrue(Files.exists(conf.resolve(CampaignsLoader.FILE)), "conf/campaigns.yaml");
        CampaignsConfig cfg = CampaignsLoader.load(conf, Set.of("hanbit"), Map.of());
        assertEquals(2, cfg.of("hanbit").size());
    }

    private static Problem single(ConfigException e) {
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    private static final String HAPPY = """
            campaigns:
              - company: hanbit
                id: happy-call
                kind: happy-call
                questions: [{id: s, kind: scale1to5, prompt: hc-s}]
                schedule: "0 0/10 10-17 ? * MON-FRI"
                window: {days: [mon, tue, wed, thu, fri], hours: "10:00-18:00"}
                pacing: {max-concurrent: 1, calls-per-second: 1}
                happy-call:
                  outcomes: [answered]
                  inquiry-types: [fault]
                  delay: next-business-day
                  once-per-days: 30
            """;

    @Test
    void happyCallDefaultsLowScoreToTwoAndReadsNextBusinessDay() throws ConfigException {
        HappyCallRules h = CampaignsLoader.parse(HAPPY, COMPANIES).campaigns().get(0).happyCall().orElseThrow();
        assertEquals(2, h.lowScore());
        assertTrue(h.nextBusinessDay());
        assertEquals(Duration.ZERO, h.delay());
        assertEquals(HappyCallRules.DEFAULT_PROMPT, h.prompt());
        assertTrue(h.followUpDesk().isEmpty());
    }

    @Test
    void happyCallReadsPromptAndFollowUpDesk() throws ConfigException {
        HappyCallRules h = CampaignsLoader.parse(HAPPY + "      prompt: hanbit-happy-intro\n      follow-up-desk: general\n"
                + "      low-score: 1\n", COMPANIES).campaigns().get(0).happyCall().orElseThrow();
        assertEquals("hanbit-happy-intro", h.prompt());
        assertEquals(java.util.Optional.of("general"), h.followUpDesk());
        assertEquals(1, h.lowScore());
    }

    @Test
    void rejectsBadHappyCallDelayWithLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CampaignsLoader.parse(HAPPY.replace("next-business-day", "tomorrow"), COMPANIES));
        Problem p = single(e);
        assertEquals(12, p.line());
        assertEquals("campaigns[0].happy-call.delay", p.key());
        assertTrue(p.message().contains("next-business-day"), p.message());
    }

    @Test
    void rejectsMoreThanTwoOrYesNoQuestionsInAHappyCall() {
        ConfigException e = assertThrows(ConfigException.class, () -> CampaignsLoader.parse(HAPPY.replace(
                "[{id: s, kind: scale1to5, prompt: hc-s}]",
                "[{id: a, kind: scale1to5, prompt: a}, {id: b, kind: scale1to5, prompt: b}, {id: c, kind: yes-no, prompt: c}]"),
                COMPANIES));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("allowed: 1 or 2"), e.getMessage());
        assertTrue(e.getMessage().contains("scale1to5 only"), e.getMessage());
        assertEquals(5, e.problems().get(0).line());
    }

    @Test
    void rejectsLowScoreOutOfRange() {
        ConfigException e = assertThrows(ConfigException.class, () -> CampaignsLoader.parse(HAPPY + "      low-score: 6\n", COMPANIES));
        assertEquals("campaigns[0].happy-call.low-score", single(e).key());
    }

    @Test
    void rejectsUnknownFollowUpDeskWithLineAndKnownDesks() {
        ConfigException e = assertThrows(ConfigException.class, () -> CampaignsLoader.parse(HAPPY + "      follow-up-desk: seniors\n",
                COMPANIES, Set.of("general", "appliance")));
        Problem p = single(e);
        assertEquals("campaigns[0].happy-call.follow-up-desk", p.key());
        assertEquals(14, p.line());
        assertTrue(p.message().contains("unknown desk 'seniors'") && p.message().contains("appliance, general"), p.message());
    }

    @Test
    void readsDialSectionAndDefaultsWithoutIt() throws ConfigException {
        assertEquals(Dialing.DEFAULT, CampaignsLoader.parse(SURVEY, COMPANIES).dialing());
        String yaml = "dial: {channel: \"PJSIP/ascc-outbound/sip:{number}@127.0.0.1:5301\", ring-seconds: 6, caller-id: \"0700000000\"}\n"
                + SURVEY;
        Dialing d = CampaignsLoader.parse(yaml, COMPANIES).dialing();
        assertEquals(6, d.ringSeconds());
        assertEquals("PJSIP/ascc-outbound/sip:0105550001@127.0.0.1:5301", d.channelFor("0105550001"));
        assertEquals("0700000000", d.callerId());
    }

    @Test
    void rejectsDialChannelWithoutNumberAndUnknownDialKeyWithLine() {
        String yaml = "dial:\n  channel: PJSIP/carrier\n  ring: 5\n" + SURVEY;
        ConfigException e = assertThrows(ConfigException.class, () -> CampaignsLoader.parse(yaml, COMPANIES));
        String all = e.problems().toString();
        assertTrue(all.contains("dial.channel") && all.contains("{number}"), all);
        assertTrue(all.contains("ring"), all);
        assertEquals(2, e.problems().get(0).line(), all);
    }
}
