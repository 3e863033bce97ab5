package ascc.core.selfservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.flows.InboundFlow;
import ascc.agi.flows.Prompts;
import ascc.agi.flows.SelfServiceFlow;
import ascc.agi.testing.FakeAgiChannel;
import ascc.core.config.Conf;
import ascc.core.config.ConfigHolder;
import ascc.core.config.ShippedConf;
import ascc.routing.RecentCallers;
import ascc.routing.selfservice.CaseLookup;
import ascc.routing.selfservice.SelfServiceVisit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's admin story: self-service is switched on for one company by editing conf/self-service.yaml and reloading;
 * the next call of that company gets the menu, a bad edit is refused and the running config stays.
 */
class SelfServiceReloadTest {
    private static final Instant MONDAY_10 = LocalDateTime.parse("2026-06-01T10:00").atZone(ZoneId.of("Asia/Seoul")).toInstant();

    @TempDir
    Path dir;
    @TempDir
    Path sandbox;

    private List<SelfServiceVisit> call(ConfigHolder holder) {
        List<SelfServiceVisit> visits = new ArrayList<>();
        Clock clock = Clock.fixed(MONDAY_10, ZoneOffset.UTC);
        SelfServiceFlow ss = new SelfServiceFlow(holder.part(Conf::selfService), holder, CaseLookup.NONE, SelfServiceFlow.Sounds.NONE,
                clock, (r, v) -> visits.add(v));
        // sori-audio: category 1 (av-equipment), then 0 (an agent) in the self-service menu if there is one, 1 in the inquiry menu
        FakeAgiChannel ch = new FakeAgiChannel(FakeAgiChannel.request("inbound", "01012345678", "0215880002"))
                .pressDigits("1").pressDigits("0").pressDigits("1");
        new InboundFlow(holder, clock, (req, d, at) -> { }, Prompts.coreOnly(), new RecentCallers(),
                InboundFlow.RecordingPlanner.NONE, ss).run(ch);
        return visits;
    }

    @Test
    void anAdminEnablesSelfServiceForOneCompanyByEditingTheFileAndReloading() throws Exception {
        Map<String, String> env = ShippedConf.copy(dir, sandbox);
        ConfigHolder holder = ConfigHolder.load(dir, env);
        assertEquals(List.of(), call(holder), "shipped: sori-audio is listed with enabled: false");

        Path file = dir.resolve("self-service.yaml");
        String shipped = Files.readString(file);
        Files.writeString(file, shipped.replace("    # Prepared, not switched on yet.\n    enabled: false\n    hours: true\n",
                "    enabled: true\n    hours: true\n    faq:\n      av-equipment:\n        - {id: pairing, prompt: faq-pairing}\n"));
        ConfigHolder.ReloadResult r = holder.reload();
        assertTrue(r.applied(), r.text());

        List<SelfServiceVisit> visits = call(holder);
        assertEquals(1, visits.size(), "the next call of sori-audio gets self-service");
        assertEquals("sori-audio", visits.get(0).companyId());
        assertEquals("av-equipment", visits.get(0).category());

        Files.writeString(file, Files.readString(file).replace("hours: true", "hours: sometimes"));
        ConfigHolder.ReloadResult bad = holder.reload();
        assertFalse(bad.applied());
        assertTrue(bad.text().contains("self-service.yaml:"), bad.text());
        assertEquals(1, call(holder).size(), "the running config (enabled) stays");
    }
}
