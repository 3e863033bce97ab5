package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.config.yaml.ConfigLoader;
import ascc.core.config.yaml.SelfServiceYaml;
import ascc.routing.selfservice.CompanySelfService;
import ascc.routing.selfservice.SelfServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** self-service.yaml: what is read, and every mistake named with file:line: key and what is allowed. */
class SelfServiceConfigTest {
    @TempDir
    Path dir;

    private static CenterConfig center() throws Exception {
        return ConfigLoader.load(Path.of("../conf"), Map.of());
    }

    private SelfServiceConfig load(String text) throws Exception {
        Files.writeString(dir.resolve(SelfServiceConfig.FILE), text);
        return SelfServiceYaml.load(dir, Map.of(), center());
    }

    private String problems(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(text));
        return e.problems().stream().map(Problem::toString).toList().toString();
    }

    @Test
    void theShippedFileEnablesHanbitOnlyWithItsFaqAndAPartner() throws Exception {
        SelfServiceConfig c = SelfServiceYaml.load(Path.of("../conf"), Map.of(), center());
        CompanySelfService hanbit = c.enabled("hanbit").orElseThrow();
        assertTrue(hanbit.caseStatus() && hanbit.hours());
        assertEquals(List.of("humidifier-reset", "filter-change"),
                hanbit.faq(Category.HOME_APPLIANCES).stream().map(f -> f.id()).toList());
        assertFalse(c.enabled("sori-audio").isPresent(), "listed but enabled: false");
        assertFalse(c.enabled("nuri-furniture").isPresent(), "not listed");
        assertEquals(1, c.enabledCount());
        assertEquals(List.of("fixit-parcel"), List.copyOf(c.partners().keySet()));
    }

    @Test
    void noFileIsSelfServiceOffForEveryone() throws Exception {
        assertEquals(SelfServiceConfig.NONE, SelfServiceYaml.load(dir, Map.of(), center()));
    }

    @Test
    void unknownKeysAreErrorsWithFileAndLine() {
        String p = problems("""
                companies:
                  hanbit:
                    enabeld: true
                """);
        assertTrue(p.contains("self-service.yaml:3: companies.hanbit.enabeld: unknown key 'enabeld' (allowed: enabled, case-status,"
                + " hours, faq)"), p);
    }

    @Test
    void unknownCompanyCategoryNotEnrolledBadNamesAndDuplicateIdsAreAllReported() {
        String p = problems("""
                companies:
                  nobody: {enabled: true}
                  hanbit:
                    hours: maybe
                    faq:
                      pcs: [{id: a, prompt: b}]
                      home-appliances:
                        - {id: reset, prompt: faq-reset}
                        - {id: reset, prompt: "../../etc/passwd"}
                """);
        assertTrue(p.contains("self-service.yaml:2: companies.nobody: unknown company 'nobody'"), p);
        assertTrue(p.contains("self-service.yaml:4: companies.hanbit.hours: invalid flag 'maybe' (allowed: true or false)"), p);
        assertTrue(p.contains("self-service.yaml:6: companies.hanbit.faq.pcs: company 'hanbit' does not enroll category 'pcs'"), p);
        assertTrue(p.contains("self-service.yaml:9: companies.hanbit.faq.home-appliances[1].id: duplicate FAQ id 'reset'"), p);
        assertTrue(p.contains("companies.hanbit.faq.home-appliances[1].prompt: invalid prompt '../../etc/passwd'"), p);
    }

    @Test
    void moreEntriesThanDigitsAreRefused() {
        StringBuilder sb = new StringBuilder("companies:\n  hanbit:\n    case-status: true\n    hours: true\n    faq:\n"
                + "      home-appliances:\n");
        for (int i = 0; i < 8; i++) {
            sb.append("        - {id: q").append(i).append(", prompt: p").append(i).append("}\n");
        }
        String p = problems(sb.toString());
        assertTrue(p.contains("10 menu entries (FAQ items plus case-status and hours) but a menu has the digits 1..9 only"), p);
    }

    @Test
    void partnersNeedHashesOfTheirOwnAndKnownCompanies() {
        String hash = TokenHash.of("partner-token-0123456789").hex();
        String p = problems("partners:\n  a: {token-sha256: " + hash + ", companies: [hanbit]}\n  b: {token-sha256: " + hash
                + ", companies: [ghost]}\n  c: {token-sha256: secret, companies: [hanbit]}\n");
        assertTrue(p.contains("partners.b.token-sha256: partner b has the same token as partner a"), p);
        assertTrue(p.contains("partners.b.companies[0]: unknown company 'ghost'"), p);
        assertTrue(p.contains("partners.c.token-sha256: not a token hash"), p);
    }

    @Test
    void aPartnerIsFoundByItsTokenOnly() throws Exception {
        SelfServiceConfig c = load("partners:\n  fixit: {token-sha256: " + TokenHash.of("partner-token-0123456789").hex()
                + ", companies: [hanbit]}\n  nohash: {companies: [hanbit]}\n");
        assertEquals("fixit", c.partnerByToken("partner-token-0123456789").orElseThrow().id());
        assertFalse(c.partnerByToken("partner-token-012345678").isPresent());
        assertFalse(c.partnerByToken("").isPresent());
    }
}
