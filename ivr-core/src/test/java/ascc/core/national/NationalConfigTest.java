package ascc.core.national;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.config.Conf;
import ascc.core.national.NationalModel.Built;
import ascc.core.national.NationalModel.Company;
import ascc.core.national.NationalModel.Desk;
import ascc.core.national.NationalModel.Pooling;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The national generator at a small size: the engine's loader accepts what it writes, the same seed writes the same files. */
class NationalConfigTest {
    private static final NationalModel SMALL = new NationalModel(400, 7, 400L * 3_970, 2027, Pooling.CATEGORY);

    @TempDir
    Path tmp;

    @Test
    void theGeneratedConfigLoadsWithTheEnginesLoaderAndRoutesEveryCompanyToItsDesk() throws Exception {
        Built built = SMALL.build();
        NationalConfigWriter writer = NationalConfigWriter.writeTo(built, tmp);
        Conf conf = Conf.load(tmp, Map.of());
        CenterConfig center = conf.center();
        assertEquals(400, center.companies().size());
        assertEquals(17 + 2, center.desks().size());
        assertEquals(writer.agentCount(), center.agents().size());
        assertEquals(17, conf.overflow().steps().size());
        assertTrue(!conf.staffing().schedules().isEmpty());
        assertTrue(conf.billing().isPresent());
        for (Company c : built.companyList()) {
            for (Category cat : c.categories()) {
                assertTrue(center.deskFor(cat).isPresent(), c.id() + " " + cat);
            }
            if (c.ownNumber()) {
                assertEquals(c.id(), center.companyByNumber(c.number()).orElseThrow().id());
            }
        }
    }

    @Test
    void theSameSeedWritesTheSameFilesAndAnotherSeedOtherCompanies() throws Exception {
        NationalConfigWriter.writeTo(SMALL.build(), tmp.resolve("a"));
        NationalConfigWriter.writeTo(SMALL.build(), tmp.resolve("b"));
        NationalConfigWriter.writeTo(new NationalModel(400, 8, 400L * 3_970, 2027, Pooling.CATEGORY).build(), tmp.resolve("c"));
        for (String f : Conf.FILES) {
            Path a = tmp.resolve("a").resolve(f);
            if (Files.exists(a)) {
                assertEquals(Files.readString(a), Files.readString(tmp.resolve("b").resolve(f)), f);
            }
        }
        assertNotEquals(Files.readString(tmp.resolve("a/companies.yaml")), Files.readString(tmp.resolve("c/companies.yaml")));
    }

    @Test
    void desksPoolingFamiliesLoadToo() throws Exception {
        Built built = new NationalModel(200, 3, 200L * 3_970, 2026, Pooling.FAMILY).build();
        NationalConfigWriter.writeTo(built, tmp);
        assertEquals(java.util.List.of("appliance", "digital", "living", "care", "industrial", "general", "reserve"),
                java.util.List.copyOf(Conf.load(tmp, Map.of()).center().desks().keySet()));
    }

    @Test
    void atNationalScaleTheYearHas54MillionCallsAndTheBusyHourAbout26000() {
        Built built = NationalModel.NATIONAL.build();
        double sum = built.companyList().stream().mapToDouble(Company::annualCalls).sum();
        assertEquals(54_000_000, sum, 1.0);
        assertTrue(built.busyHourCalls() > 24_000 && built.busyHourCalls() < 28_000, "busy hour " + built.busyHourCalls());
        // pooling is the program's lever: the same traffic needs far fewer agents on shared desks
        assertTrue(built.perCompanyAgents() > 3L * built.agentsBusyHour(), built.perCompanyAgents() + " vs " + built.agentsBusyHour());
        for (Desk d : built.desks()) {
            assertTrue(d.agentsBusyHour() >= d.agentsAverageHour(), d.id());
        }
    }

    @Test
    void desksAreSizedFor8020AndADeskWithAnyTrafficHasSomeone() {
        // 200 calls/h, 180 s, 20 s: 14 agents give 88.84%, 13 agents 79.56%
        assertEquals(14, NationalModel.agentsFor(200, 180));
        assertEquals(1, NationalModel.agentsFor(0.01, 180));
    }
}
