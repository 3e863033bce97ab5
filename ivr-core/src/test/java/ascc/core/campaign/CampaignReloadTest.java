package ascc.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.config.ConfigHolder;
import ascc.core.config.Conf;
import ascc.core.config.ShippedConf;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.campaign.AttemptResult;
import ascc.testsupport.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reloaded campaigns.yaml reaches the outbound dialer: the runner reads the running window at each call. */
class CampaignReloadTest {
    /** Monday 2026-11-23 11:00 in Seoul (the shipped engine.yaml's time zone). */
    private static final Instant MONDAY_11 = Instant.parse("2026-11-23T02:00:00Z");
    private static final String YAML = """
            trunk-channels: 5
            dial: {channel: "PJSIP/ascc-outbound/sip:{number}@127.0.0.1:5301", ring-seconds: 10}
            campaigns:
              - company: hanbit
                id: q4
                kind: survey
                questions:
                  - {id: q1, kind: scale1to5, prompt: survey-q1}
                schedule: "0 0/5 10-17 ? * MON-FRI"
                window: {days: [mon, tue, wed, thu, fri], hours: "12:00-18:00"}
                pacing: {max-concurrent: 2, calls-per-second: 1}
                end-date: 2026-12-31
            """;

    @TempDir
    Path conf;
    @TempDir
    Path work;
    private Database db;
    private final ManualClock clock = new ManualClock(MONDAY_11);
    private final List<String> dialed = new ArrayList<>();
    private ConfigHolder holder;
    private CampaignRunner runner;
    private DialerStore dialerStore;

    @BeforeEach
    void start() throws Exception {
        Map<String, String> env = ShippedConf.copy(conf, work.resolve("sandbox"));
        Files.writeString(conf.resolve("campaigns.yaml"), YAML);
        holder = ConfigHolder.load(conf, env);
        db = Database.open(DbSettings.embedded(work.resolve("ascc").toString(), 4));
        CampaignStore store = new CampaignStore(db.dataSource(), clock, "node-a");
        dialerStore = new DialerStore(db.dataSource());
        runner = new CampaignRunner(store, dialerStore, (t, box) -> dial(t), holder.part(Conf::campaigns),
                () -> holder.get().engine().timeZone(), () -> Set.of(), c -> "survey", clock, clock::advance, () -> true);
        store.importTargets("hanbit", "q4", List.of(target("01000000001"), target("01000000002")), n -> { });
        dialerStore.setState("hanbit", "q4", DialerStore.RUNNING, clock.instant(), "test");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static TargetCsv.Target target(String phone) {
        return new TargetCsv.Target(2, phone, "N", true, Optional.of(LocalDate.of(2026, 3, 1)));
    }

    private CompletableFuture<OutboundDialer.Result> dial(OutboundDialer.Target t) {
        dialed.add(t.number());
        return CompletableFuture.completedFuture(new OutboundDialer.Result(AttemptResult.COMPLETED, "test"));
    }

    @Test
    void aReloadedCallWindowReachesTheDialer() throws Exception {
        assertEquals("outside its call window", runner.run("hanbit", "q4").stoppedBecause());
        assertEquals(List.of(), dialed);

        Files.writeString(conf.resolve("campaigns.yaml"), YAML.replace("\"12:00-18:00\"", "\"10:00-18:00\""));
        ConfigHolder.ReloadResult r = holder.reload();
        assertTrue(r.applied(), r.text());

        CampaignRunner.RunSummary s = runner.run("hanbit", "q4");
        assertEquals(List.of("01000000001", "01000000002"), dialed);
        assertEquals("nothing due", s.stoppedBecause());
    }
}
