package ascc.routing.billing;

import ascc.core.config.yaml.BillingConfigLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BillingConfigLoaderTest {
    static final String VALID = """
            labor-cost-per-agent-year: 27_000_000
            company-share: 30%
            base-fee-per-year: 600000
            survey:
              price-per-completed: 3000
              allowance-calls: 200
            deposit:
              months: 4
              minimum: 3_000_000
            tiers:
              - { name: T1, from: 0, to: 199, fte: 0.2 }
              - { name: T2, from: 200, to: 1799, fte: 1.25 }
              - { name: T3, from: 1800, fte: 1.7 }
            """;

    @TempDir
    Path dir;

    static String problems(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> BillingConfigLoader.parse("billing.yaml", yaml));
        return e.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void validFileLoadsWithDefaultsAndExactFractions() throws Exception {
        BillingRules r = BillingConfigLoader.parse("billing.yaml", VALID);
        assertEquals(27_000_000, r.laborCostPerYear());
        assertEquals(3000, r.companyShareBp());
        assertEquals(600_000, r.baseFeePerYear());
        assertEquals(3_000, r.surveyPrice());
        assertEquals(200, r.surveyAllowanceCalls());
        assertEquals(4, r.depositMonths());
        assertEquals(3_000_000, r.depositMinimum());
        assertEquals(3, r.lateUsageMonths(), "default");
        assertEquals(List.of(new Tier("T1", 0, 199, 200), new Tier("T2", 200, 1799, 1250), new Tier("T3", 1800, Long.MAX_VALUE, 1700)),
                r.tiers());
    }

    @Test
    void shippedBillingYamlLoadsAndGivesTheGuidesWorkedExample() throws Exception {
        Path conf = Path.of("../conf");
        BillingRules r = BillingConfigLoader.load(conf);
        MonthlyFee fee = MonthlyFee.of(r, new Usage(2_200, 2_200, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(1_197_500, fee.totalDue());
        assertEquals(1700, fee.tier().fteMilli());
    }

    @Test
    void percentagesWithDecimalsBecomeBasisPoints() throws Exception {
        assertEquals(2750, BillingConfigLoader.parse("b", VALID.replace("30%", "27.5%")).companyShareBp());
        assertEquals(3005, BillingConfigLoader.parse("b", VALID.replace("30%", "30.05")).companyShareBp());
        assertEquals(10_000, BillingConfigLoader.parse("b", VALID.replace("30%", "100%")).companyShareBp());
    }

    @Test
    void overlappingBandIsReportedWithFileLineAndKey() {
        String p = problems(VALID.replace("{ name: T2, from: 200,", "{ name: T2, from: 150,"));
        assertTrue(p.contains("billing.yaml:12: tiers[1].from: band of tier T2 starts at 150 and overlaps tier T1 (line 11)"
                + " which ends at 199; start it at 200"), p);
    }

    @Test
    void gapBetweenBandsIsReportedWithTheUncoveredRange() {
        String p = problems(VALID.replace("{ name: T3, from: 1800,", "{ name: T3, from: 1900,"));
        assertTrue(p.contains("billing.yaml:13: tiers[2].from: gap: no tier covers 1800..1899 answered calls"), p);
    }

    @Test
    void firstBandMustStartAtZeroAndOnlyTheLastMayBeOpen() {
        String p = problems(VALID.replace("{ name: T1, from: 0,", "{ name: T1, from: 1,")
                .replace("{ name: T2, from: 200, to: 1799,", "{ name: T2, from: 200,"));
        assertTrue(p.contains("billing.yaml:11: tiers[0].from: the first band must start at 0"), p);
        assertTrue(p.contains("billing.yaml:12: tiers[1].to: missing required key 'to' (only the last band may be open-ended)"), p);
    }

    @Test
    void unknownKeysAndBadValuesAreAllReportedTogether() {
        String p = problems(VALID.replace("company-share: 30%", "company-share: 130%")
                .replace("  allowance-calls: 200", "  allowance-calls: 200\n  discount: 5")
                .replace("fte: 0.2", "fte: lots")
                .replace("base-fee-per-year: 600000", "base-fee-per-year: 600,000"));
        assertTrue(p.contains("billing.yaml:2: company-share: invalid percentage '130%'"), p);
        assertTrue(p.contains("billing.yaml:3: base-fee-per-year: invalid amount '600,000'"), p);
        assertTrue(p.contains("billing.yaml:7: survey.discount: unknown key 'discount'"
                + " (allowed: price-per-completed, allowance-calls)"), p);
        assertTrue(p.contains("billing.yaml:12: tiers[0].fte: invalid fte 'lots'"), p);
    }

    @Test
    void duplicateTierNamesEmptyBandsAndMissingKeysAreErrors() {
        String p = problems(VALID.replace("name: T2, from: 200, to: 1799", "name: T1, from: 200, to: 100")
                .replace("deposit:\n  months: 4\n", "deposit:\n"));
        assertTrue(p.contains("tiers[1].name: duplicate tier name 'T1' (first at line 10)"), p);
        assertTrue(p.contains("tiers[1].to: band 200..100 is empty"), p);
        assertTrue(p.contains("deposit.months: missing required key 'months'"), p);
    }

    @Test
    void missingFileAndSyntaxErrorsAreProblemsNotCrashes() throws Exception {
        ConfigException missing = assertThrows(ConfigException.class, () -> BillingConfigLoader.load(dir));
        assertTrue(missing.getMessage().contains("billing.yaml:0: (file): file not found"), missing.getMessage());
        Files.writeString(dir.resolve("billing.yaml"), "tiers: [\n  - a\n");
        ConfigException syntax = assertThrows(ConfigException.class, () -> BillingConfigLoader.load(dir));
        assertTrue(syntax.getMessage().contains("(syntax): YAML syntax error"), syntax.getMessage());
    }
}
