package ascc.routing.config;

import ascc.core.config.yaml.OverflowYaml;

import ascc.core.config.yaml.ConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverflowConfigTest {
    @TempDir
    Path dir;

    private static CenterConfig center() throws Exception {
        return ConfigLoader.load(Path.of("../conf"), Map.of());
    }

    private OverflowConfig load(String yaml) throws Exception {
        Files.writeString(dir.resolve(OverflowConfig.FILE), yaml);
        return OverflowYaml.load(dir, Map.of(), center());
    }

    private String problems(String yaml) throws Exception {
        Files.writeString(dir.resolve(OverflowConfig.FILE), yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> OverflowYaml.load(dir, Map.of(), center()));
        return e.problems().toString();
    }

    @Test
    void theShippedFileLoadsWithEveryStepType() throws Exception {
        OverflowConfig c = OverflowYaml.load(Path.of("../conf"), Map.of(), center());
        assertEquals(4, c.steps().get("appliance").size());
        assertEquals(new OverflowConfig.Step(new OverflowConfig.NoAgent(false), new OverflowConfig.Voicemail()),
                c.steps().get("digital").get(0));
        assertEquals(3, c.startProficiency().get("appliance"));
        assertEquals(OverflowConfig.CallbackRules.DEFAULT, c.callback());
    }

    @Test
    void waitingAnnouncementsAndTheCallbackKeyPerDesk() throws Exception {
        OverflowConfig c = load("trunk-dial: PJSIP/customer-trunk/sip:{number}@10.0.0.5\n"
                + "waiting:\n  announce-every-seconds: 45\n  default-handle-seconds: 200\n"
                + "  desks:\n    digital: {announce-every-seconds: 0, callback-key: false}\n    general: {enabled: false}\n");
        assertEquals(new WaitingRules.Settings(true, 45, 200, true), c.waiting().forDesk("appliance"));
        assertEquals(new WaitingRules.Settings(true, 0, 200, false), c.waiting().forDesk("digital"));
        assertFalse(c.waiting().forDesk("general").enabled());
        assertEquals(WaitingRules.NONE, load("desks: {}\n").waiting());
    }

    @Test
    void waitingAndWebCallbacksRefuseUnknownKeysBadValuesAndPlainTokens() throws Exception {
        String p = problems("waiting: {announce-every: 30, desks: {nowhere: {}}}\n"
                + "web-callbacks:\n  priority: 11\n  form-secret: short\n"
                + "  integrations:\n    - {name: sms, channel: fax, token: abc}\n");
        assertTrue(p.contains("announce-every"), p);
        assertTrue(p.contains("unknown desk 'nowhere'"), p);
        assertTrue(p.contains("priority"), p);
        assertTrue(p.contains("form-secret is too short"), p);
        assertTrue(p.contains("invalid channel 'fax'"), p);
        assertTrue(p.contains("a plain token is not kept in config"), p);
        assertTrue(p.contains("set trunk-dial"), p);
        assertFalse(p.contains("abc"), "a token is never echoed: " + p);
    }

    @Test
    void webCallbacksReadIntegrationsPriorityAndMergeWindow() throws Exception {
        String hash = TokenHash.of("sms-token").hex();
        OverflowConfig c = load("trunk-dial: PJSIP/customer-trunk/sip:{number}@10.0.0.5\n"
                + "web-callbacks:\n  priority: 4\n  merge-minutes: 15\n  form-secret: 0123456789abcdef0123456789abcdef\n"
                + "  form-per-minute: 3\n  integrations:\n    - {name: sms-gateway, channel: sms, token-sha256: " + hash + "}\n");
        assertEquals(4, c.web().priority());
        assertEquals(Duration.ofMinutes(15), c.web().mergeWindow());
        assertEquals(3, c.web().formPerMinute());
        assertTrue(c.web().formEnabled());
        assertEquals("sms", c.web().integrations().get(0).channel());
        assertTrue(c.web().integrations().get(0).token().matches("sms-token"));
    }

    @Test
    void missingFileMeansNoSteps() throws Exception {
        assertEquals(Map.of(), OverflowYaml.load(dir, Map.of(), center()).steps());
    }

    @Test
    void readsOrderedStepsPerDesk() throws Exception {
        assertEquals(Map.of("appliance", List.of(OverflowConfig.Step.afterSecondsAddAgentsOf(30, "general"),
                        OverflowConfig.Step.afterSecondsAddAgentsOf(60, "living"))),
                load("desks:\n  appliance:\n    - {after-seconds: 30, add-agents-of: general}\n"
                        + "    - {after-seconds: 60, add-agents-of: living}\n").steps());
    }

    @Test
    void readsEveryTriggerAndAction() throws Exception {
        OverflowConfig c = load("trunk-dial: PJSIP/customer-trunk/sip:{number}@10.0.0.5\n"
                + "start-proficiency: {appliance: 3}\n"
                + "callback: {attempts: 2, backoff-seconds: 30, ring-seconds: 20, max-wait-seconds: 600, key: '5'}\n"
                + "desks:\n  appliance:\n"
                + "    - {queue-length: 4, widen-to-proficiency: 1}\n"
                + "    - {no-agent: free, offer-callback: true}\n"
                + "    - {no-agent: logged-in, voicemail: company}\n"
                + "    - {estimated-wait-seconds: 300, partner: '+8215550000'}\n");
        assertEquals(List.of(new OverflowConfig.Step(new OverflowConfig.QueueLengthAtLeast(4), new OverflowConfig.Widen(1)),
                new OverflowConfig.Step(new OverflowConfig.NoAgent(true), new OverflowConfig.OfferCallback()),
                new OverflowConfig.Step(new OverflowConfig.NoAgent(false), new OverflowConfig.Voicemail()),
                new OverflowConfig.Step(new OverflowConfig.EstimatedWaitAtLeast(300), new OverflowConfig.Partner("+8215550000"))),
                c.steps().get("appliance"));
        assertEquals(Map.of("appliance", 3), c.startProficiency());
        assertEquals(new OverflowConfig.CallbackRules(2, 30, 20, 600, "5", "ascc/menu/callback-offer", "queue-thankyou"), c.callback());
        assertEquals("PJSIP/customer-trunk/sip:01012345678@10.0.0.5", c.dialFor("01012345678"));
    }

    @Test
    void callbackRetriesBackOffDoublingUntilTheAttemptsAreUsed() {
        OverflowConfig.CallbackRules r = new OverflowConfig.CallbackRules(3, 60, 30, 3600, "1", "p", "t");
        assertEquals(Duration.ofSeconds(60), r.retryDelay(1));
        assertEquals(Duration.ofSeconds(120), r.retryDelay(2));
        assertTrue(r.mayRetry(2));
        assertFalse(r.mayRetry(3));
        assertThrows(IllegalArgumentException.class, () -> r.retryDelay(0));
    }

    @Test
    void rejectsUnknownDesksAndActionsWithLine() throws Exception {
        String all = problems("desks:\n  nope:\n    - {after-seconds: 30, add-agents-of: general}\n"
                + "  appliance:\n    - {after-seconds: 30, add-agents-of: appliance}\n    - {after-seconds: 5, callback: yes}\n");
        assertTrue(all.contains("unknown desk 'nope'"), all);
        assertTrue(all.contains("cannot overflow to itself"), all);
        assertTrue(all.contains("unknown key 'callback'"), all);
        assertTrue(all.contains(OverflowConfig.FILE + ":2"), all);
    }

    @Test
    void aStepNeedsExactlyOneTriggerAndOneAction() throws Exception {
        String all = problems("desks:\n  appliance:\n    - {after-seconds: 30, queue-length: 3, add-agents-of: general}\n"
                + "    - {after-seconds: 30}\n");
        assertTrue(all.contains("exactly one trigger, found [after-seconds, queue-length]"), all);
        assertTrue(all.contains("exactly one action, found none"), all);
    }

    @Test
    void callingOutNeedsATrunkDialWithANumberPlaceholder() throws Exception {
        assertTrue(problems("desks:\n  appliance:\n    - {after-seconds: 30, offer-callback: true}\n").contains("set trunk-dial"));
        String bad = problems("trunk-dial: PJSIP/customer-trunk,30\ndesks:\n  appliance:\n    - {after-seconds: 30, partner: '0212345'}\n");
        assertTrue(bad.contains("invalid trunk-dial"), bad);
    }

    @Test
    void widenNeedsAStartProficiencyAboveIt() throws Exception {
        String all = problems("start-proficiency: {appliance: 2}\ndesks:\n"
                + "  appliance:\n    - {after-seconds: 30, widen-to-proficiency: 3}\n"
                + "  living:\n    - {after-seconds: 30, widen-to-proficiency: 1}\n");
        assertTrue(all.contains("widen-to-proficiency 3 needs start-proficiency for desk appliance above it (now 2)"), all);
        assertTrue(all.contains("desk living above it (now unset"), all);
    }

    @Test
    void rejectsBadValuesWithWhatIsAllowed() throws Exception {
        String all = problems("trunk-dial: PJSIP/t/sip:{number}@h\ncallback: {key: 'x', attempts: 0}\n"
                + "desks:\n  appliance:\n    - {no-agent: everyone, voicemail: box7}\n    - {after-seconds: 1, partner: 'abc'}\n");
        assertTrue(all.contains("invalid key 'x'"), all);
        assertTrue(all.contains("callback.attempts"), all);
        assertTrue(all.contains("invalid no-agent 'everyone' (allowed: logged-in, free)"), all);
        assertTrue(all.contains("invalid voicemail 'box7'"), all);
        assertTrue(all.contains("invalid partner number 'abc'"), all);
    }
}
