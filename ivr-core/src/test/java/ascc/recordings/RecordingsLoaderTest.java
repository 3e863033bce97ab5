package ascc.recordings;

import ascc.core.config.yaml.RecordingsLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import ascc.routing.config.TokenHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingsLoaderTest {
    @TempDir
    Path tmp;
    Path core;
    Path prompts;

    @BeforeEach
    void sounds() throws Exception {
        core = Files.createDirectories(tmp.resolve("core/en"));
        for (String s : List.of("beep", "ss-noservice", "invalid", "conf-now-recording", "auth-thankyou")) {
            Files.write(core.resolve(s + ".gsm"), new byte[] {1, 2, 3});
        }
        prompts = Files.createDirectories(tmp.resolve("prompts"));
        Files.createDirectories(prompts.resolve("alpha/en"));
        Files.write(prompts.resolve("alpha/en/greeting.wav"), new byte[] {1});
    }

    private String header() {
        return "prompts:\n"
                + "  engine-dir: " + prompts + "\n"
                + "  asterisk-dir: /var/lib/asterisk/sounds/ascc\n"
                + "  core:\n"
                + "    en: " + core + "\n"
                + "recordings:\n"
                + "  engine-dir: " + tmp.resolve("rec") + "\n"
                + "  asterisk-dir: /var/spool/asterisk/monitor/ascc\n";
    }

    private RecordingsConfig load(String text) throws Exception {
        Path f = tmp.resolve("recordings.yaml");
        Files.writeString(f, text);
        return RecordingsLoader.load(f, Map.of("ALPHA_TOKEN_SHA256", TokenHash.of("alpha-token-0123456789").hex()), Set.of("alpha", "beta"),
                Set.of("appliance", "general"));
    }

    private List<Problem> problems(String text) {
        return assertThrows(ConfigException.class, () -> load(text)).problems();
    }

    @Test
    void companyPromptIsPlayedFromTheAsteriskDirAndOthersFallBackToDefaults() throws Exception {
        RecordingsConfig c = load(header() + "companies:\n  alpha:\n    token-sha256: ${ALPHA_TOKEN_SHA256}\n    retention-days: 30\n"
                + "    recording: {mode: all, consent: true, desks: {general: none}}\n    prompts:\n      en: [greeting]\n");
        assertEquals("/var/lib/asterisk/sounds/ascc/alpha/en/greeting", c.prompt("alpha", "en", PromptName.GREETING));
        assertEquals("/var/lib/asterisk/sounds/ascc/alpha/en/greeting", c.prompt("alpha", "ko", PromptName.GREETING));
        assertEquals("ss-noservice", c.prompt("alpha", "en", PromptName.CLOSED));
        assertEquals("beep", c.prompt("beta", "en", PromptName.GREETING));
        assertEquals(30, c.retentionDays("alpha"));
        assertTrue(c.company("alpha").orElseThrow().token().orElseThrow().toString().startsWith("sha256:"));
        assertEquals("alpha", c.companyByToken("alpha-token-0123456789").orElseThrow());
        assertTrue(c.companyByToken("alpha-token-012345678").isEmpty());
    }

    @Test
    void plansARecordingByCompanyDateAndCallIdWithConsentPerPolicy() throws Exception {
        RecordingsConfig c = load(header() + "companies:\n  alpha:\n"
                + "    recording: {mode: all, consent: true, desks: {general: none}}\n  beta:\n    recording: none\n");
        Instant at = Instant.parse("2026-11-21T23:30:00Z");
        RecordingPlan p = c.plan("alpha", "appliance", "1763768410.12", true, at, ZoneId.of("Asia/Seoul")).orElseThrow();
        assertEquals("/var/spool/asterisk/monitor/ascc/alpha/2026/11/22/1763768410.12.wav", p.asteriskFile());
        assertEquals(tmp.resolve("rec/alpha/2026/11/22/1763768410.12.wav"), p.engineFile());
        assertEquals("conf-now-recording", p.consentPrompt().orElseThrow());
        assertTrue(c.plan("alpha", "general", "1.2", true, at, ZoneId.of("UTC")).isEmpty(), "desk override none");
        assertTrue(c.plan("beta", "appliance", "1.2", true, at, ZoneId.of("UTC")).isEmpty(), "company off");
        assertTrue(c.plan("gamma", "appliance", "1.2", true, at, ZoneId.of("UTC")).isEmpty(), "company not listed");
    }

    @Test
    void inboundOnlyRecordsInboundCallsOnly() throws Exception {
        RecordingsConfig c = load(header() + "companies:\n  alpha:\n    recording: inbound-only\n");
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        assertTrue(c.plan("alpha", "appliance", "1.2", true, at, ZoneId.of("UTC")).isPresent());
        assertFalse(c.plan("alpha", "appliance", "1.2", false, at, ZoneId.of("UTC")).isPresent());
        assertTrue(c.plan("alpha", "appliance", "1.2", true, at, ZoneId.of("UTC")).orElseThrow().consentPrompt().isEmpty());
    }

    @Test
    void missingCompanyPromptIsAProblemNamingCompanyPromptAndPath() {
        List<Problem> ps = problems(header() + "companies:\n  alpha:\n    prompts:\n      en: [greeting, closed]\n");
        assertEquals(1, ps.size(), ps.toString());
        Problem p = ps.get(0);
        assertEquals("recordings.yaml", p.file());
        assertEquals(12, p.line());
        assertEquals("companies.alpha.prompts.en[1]", p.key());
        assertTrue(p.message().contains("company alpha, prompt closed (en)"), p.message());
        assertTrue(p.message().contains(prompts.resolve("alpha/en/closed").toString()), p.message());
    }

    @Test
    void unreadableOrEmptyPromptIsAProblem() throws Exception {
        Files.write(prompts.resolve("alpha/en/closed.ulaw"), new byte[0]);
        List<Problem> ps = problems(header() + "companies:\n  alpha:\n    prompts:\n      en: [closed]\n");
        assertTrue(ps.get(0).message().contains("closed.ulaw: empty file"), ps.toString());
    }

    @Test
    void missingDefaultCoreSoundIsAProblem() {
        List<Problem> ps = problems(header().replace("  core:", "  defaults:\n    survey-thanks: no-such-sound\n  core:"));
        assertEquals(1, ps.size(), ps.toString());
        assertEquals("prompts.defaults.survey-thanks", ps.get(0).key());
        assertTrue(ps.get(0).message().contains("no-such-sound"), ps.get(0).message());
    }

    @Test
    void rejectsUnknownKeysCompaniesDesksModesWithFileAndLine() {
        List<Problem> ps = problems(header() + "colour: red\ncompanies:\n  zeta:\n    retention: 3\n  alpha:\n"
                + "    recording: {mode: sometimes, desks: {kitchen: all}}\n    token-sha256: s3cr3t\n");
        List<String> keys = ps.stream().map(p -> p.line() + " " + p.key()).toList();
        assertEquals(List.of("9 colour", "11 companies.zeta", "12 companies.zeta.retention", "14 companies.alpha.recording.mode",
                "14 companies.alpha.recording.desks.kitchen", "15 companies.alpha.token-sha256"), keys);
        assertTrue(ps.get(0).toString().startsWith("recordings.yaml:9: colour: unknown key 'colour' (allowed: prompts,"));
        assertFalse(ps.toString().contains("s3cr3t"), "token value must never be echoed");
    }

    @Test
    void twoCompaniesWithOneTokenAreRefusedNamingBoth() {
        String hash = TokenHash.of("shared-token-0123456789").hex();
        List<Problem> ps = problems(header() + "companies:\n  alpha:\n    token-sha256: " + hash + "\n  beta:\n    token-sha256: "
                + hash.toUpperCase(java.util.Locale.ROOT) + "\n");
        assertEquals(1, ps.size(), ps.toString());
        assertEquals("recordings.yaml:13: companies.beta.token-sha256: company beta has the same token as company alpha (each"
                + " company needs its own: one token would read both companies' recordings; run 'ivr token new')", ps.get(0).toString());
    }

    @Test
    void aPlainTokenIsRefusedWithHowToMakeItsHashAndNeverEchoed() {
        List<Problem> ps = problems(header() + "companies:\n  alpha:\n    token: alpha-token-0123456789\n");
        assertEquals(1, ps.size(), ps.toString());
        assertEquals("companies.alpha.token", ps.get(0).key());
        assertTrue(ps.get(0).message().contains("token-sha256") && ps.get(0).message().contains("ivr token new"), ps.get(0).message());
        assertFalse(ps.toString().contains("alpha-token-0123456789"), ps.toString());
    }

    @Test
    void aCompanyTokenIsFoundByItsHashOnlyAndAnEmptyHashGrantsNothing() throws Exception {
        RecordingsConfig c = load(header() + "companies:\n  alpha:\n    token-sha256: ${ALPHA_TOKEN_SHA256}\n"
                + "  beta:\n    token-sha256: ${BETA_TOKEN_SHA256:-}\n");
        assertEquals("alpha", c.companyByToken("alpha-token-0123456789").orElseThrow());
        assertTrue(c.companyByToken(TokenHash.of("alpha-token-0123456789").hex()).isEmpty(), "the hash itself is not a token");
        assertTrue(c.company("beta").orElseThrow().token().isEmpty());
        assertTrue(c.companyByToken("").isEmpty());
    }

    @Test
    void withoutTheFileEverythingUsesDefaultsAndNothingIsRecorded() throws Exception {
        RecordingsConfig c = RecordingsLoader.loadDir(tmp.resolve("none"), Map.of(), Set.of("alpha"), Set.of());
        assertEquals("beep", c.prompt("alpha", "en", PromptName.GREETING));
        assertTrue(c.plan("alpha", "x", "1.2", true, Instant.EPOCH, ZoneId.of("UTC")).isEmpty());
    }

    @Test
    void pathsRefuseIdsThatCouldLeaveTheCompanyTree() {
        assertThrows(IllegalArgumentException.class, () -> RecordingPaths.relative("alpha", "..", Instant.EPOCH, ZoneId.of("UTC")));
        assertThrows(IllegalArgumentException.class, () -> RecordingPaths.relative("alpha", "a/b", Instant.EPOCH, ZoneId.of("UTC")));
        assertThrows(IllegalArgumentException.class, () -> RecordingPaths.relative("../x", "1.2", Instant.EPOCH, ZoneId.of("UTC")));
        assertFalse(RecordingPaths.validCallId(".hidden"));
        assertTrue(RecordingPaths.validCallId("1763768410.12"));
    }
}
