package ascc.core.selfservice;

import ascc.agi.AgiRequest;
import ascc.agi.flows.SelfServiceFlow;
import ascc.core.config.Conf;
import ascc.core.durable.DurableWriter;
import ascc.core.durable.Journals;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.happycall.HappyCallPrompts;
import ascc.core.http.HttpResponseSpec;
import ascc.core.http.Json;
import ascc.core.metrics.CounterFamily;
import ascc.core.recordings.RecordingsFeature;
import ascc.routing.selfservice.CaseLookup;
import ascc.routing.selfservice.SelfServiceConfig;
import ascc.routing.selfservice.SelfServiceVisit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IVR self-service (issue 15): repair cases ({@code repair_case}, {@code POST /api/cases} with a partner's token), the case
 * look-up and prompts the {@link SelfServiceFlow} uses, and the visits: each one journaled and written to
 * {@code call_self_service} by the {@code self-service-writer} (the call records' durable path), counted in
 * {@code ascc_self_service_visits_total{company,result}}. The inbound feature builds the flow from these parts.
 */
public final class SelfServiceFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(SelfServiceFeature.class);
    /** The visits' journal: {@code <spool-dir>/self-service}. */
    public static final String SPOOL_SUBDIR = "self-service";
    /** What the writer carries (no phone number in a visit). */
    public static final DurableWriter.Kind<SelfServiceVisit> KIND = new DurableWriter.Kind<>("self-service visits",
            "self-service-writer", SelfServiceVisit::linkedId, v -> null, "call_self_service");
    private static final DurableWriter.Settings SETTINGS = new DurableWriter.Settings(100, Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofSeconds(5), 100_000, 5, Duration.ofSeconds(10));

    private final Supplier<SelfServiceConfig> config;
    private final RepairCaseStore cases;
    private final SelfServiceStore visits;
    private final HappyCallPrompts prompts;
    private final DurableWriter<SelfServiceVisit> writer;
    /** ascc_self_service_visits_total per company and result: looked up once per combination, not per visit. */
    private final CounterFamily visitsCounted;

    public SelfServiceFeature(FeatureContext ctx, RecordingsFeature recordings) {
        this.config = ctx.config().part(Conf::selfService);
        this.cases = new RepairCaseStore(ctx.dataSource(), ctx.clock());
        this.visits = new SelfServiceStore(ctx.dataSource());
        this.prompts = new HappyCallPrompts(recordings.recordings()::config);
        this.visitsCounted = ctx.metrics().counters("ascc_self_service_visits_total",
                "Calls that visited IVR self-service, by company and how it ended", "company", "result");
        this.writer = Journals.writer(KIND, visits::upsert, Path.of(ctx.settings().spoolDir()), SPOOL_SUBDIR,
                SelfServiceVisitCodec.INSTANCE, ctx.metrics(), ctx.clock(), SETTINGS);
        CasesHandler handler = new CasesHandler(config, cases);
        ctx.contribute().routes(http -> http.selfAuthorizedPrefixRoute("POST", CasesHandler.PREFIX, handler)
                .route("GET", CONTAINMENT_PATH, req -> containmentToday(ctx)));
    }

    /** Today's containment per company (center time zone), for the wallboard: admin token. */
    public static final String CONTAINMENT_PATH = "/api/self-service/containment";

    private HttpResponseSpec containmentToday(FeatureContext ctx) throws java.sql.SQLException {
        java.time.ZoneId zone = ctx.settings().timeZone();
        java.time.ZonedDateTime day = ctx.clock().instant().atZone(zone).toLocalDate().atStartOfDay(zone);
        Map<String, SelfServiceStore.Containment> by = visits.containment(day.toInstant(), day.plusDays(1).toInstant(),
                java.util.Optional.empty());
        StringBuilder sb = new StringBuilder("{\"day\":\"").append(day.toLocalDate()).append("\",\"companies\":[");
        int i = 0;
        for (Map.Entry<String, SelfServiceStore.Containment> e : by.entrySet()) {
            SelfServiceStore.Containment c = e.getValue();
            Json.string(sb.append(i++ == 0 ? "" : ",").append("{\"company\":"), e.getKey());
            sb.append(",\"visits\":").append(c.visits()).append(",\"resolved\":").append(c.resolved()).append(",\"toAgent\":")
                    .append(c.toAgent()).append(",\"abandoned\":").append(c.abandoned()).append(",\"containmentPct\":")
                    .append(c.ratePercent()).append('}');
        }
        return HttpResponseSpec.json(200, sb.append("]}").toString());
    }

    /** self-service.yaml now. */
    public Supplier<SelfServiceConfig> config() {
        return config;
    }

    /** The IVR's case look-up (reads repair_case). */
    public CaseLookup cases() {
        return cases;
    }

    /** A company's self-service sounds: its own recording, else a core sound of that name. */
    public SelfServiceFlow.Sounds sounds() {
        return prompts::find;
    }

    /** The visits and the containment report. */
    public SelfServiceStore store() {
        return visits;
    }

    /** Records a visit: journaled (on disk) when this returns, then written off the call path; counted per company and result. */
    public void visited(AgiRequest req, SelfServiceVisit v) {
        visitsCounted.with(v.companyId(), v.result().name()).increment();
        if (!writer.submit(v)) {
            LOG.error("self-service visit of call {} (company {}, {}) refused by the writer; queue full or closed", v.linkedId(),
                    v.companyId(), v.result());
        }
    }

    @Override
    public void close() {
        int left = writer.close(Duration.ofSeconds(5));
        if (left > 0) {
            LOG.error("{} self-service visits could not be written before shutdown (kept in the journal, replayed at start)", left);
        }
    }
}
