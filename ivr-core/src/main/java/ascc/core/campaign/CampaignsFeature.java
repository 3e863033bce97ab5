package ascc.core.campaign;

import ascc.agi.flows.HappyCallFlow;
import ascc.agi.flows.SurveyFlow;
import ascc.core.billing.SurveyUsageSource;
import ascc.core.callbacks.CallbackService;
import ascc.core.callbacks.CallbacksFeature;
import ascc.core.calls.CallRecordWriter;
import ascc.core.config.Conf;
import ascc.core.durable.DurableWriter;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.happycall.HappyAnswer;
import ascc.core.happycall.HappyAnswers;
import ascc.core.happycall.HappyCallJob;
import ascc.core.happycall.HappyCallPrompts;
import ascc.core.happycall.HappyCallStore;
import ascc.core.happycall.HappyCalls;
import ascc.core.recordings.RecordingsFeature;
import ascc.core.recordings.RecordingsModule;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.campaign.CampaignsConfig;
import ascc.routing.config.EngineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Outbound campaigns and happy-calls (campaigns.yaml): the campaign dialer and runner, the survey and happy-call FastAGI
 * scripts, happy-calls scheduled from written call records and dialed every 30 s, {@code GET /api/campaigns}, and
 * billing's view of campaign usage.
 */
public final class CampaignsFeature implements Feature {
    /** campaigns.yaml: the running one (swapped with the center config on reload). */
    private final Supplier<CampaignsConfig> config;
    private final HappyCalls happyCalls;
    private final CampaignModule module;
    private final DurableWriter<HappyAnswer> happyAnswers;

    public CampaignsFeature(FeatureContext ctx, CallbacksFeature callbacks, RecordingsFeature recordings) {
        this.config = ctx.config().part(Conf::campaigns);
        CallbackService followUps = callbacks.service();
        RecordingsModule prompts = recordings.recordings();
        EngineSettings s = ctx.settings();
        HappyCallStore happyStore = new HappyCallStore(ctx.dataSource());
        // scores journaled on disk before the next question, stored in the background (issue #12)
        happyAnswers = HappyAnswers.writer(HappyAnswers.sink(happyStore), Path.of(s.spoolDir()), ctx.metrics(), ctx.clock());
        happyCalls = new HappyCalls(happyStore, config, ctx.config(),
                task -> {
                    if (!followUps.book(task)) { // journaled on disk, stored in the background
                        throw new IllegalStateException("follow-up task not journaled: " + task);
                    }
                }, happyAnswers::submit, new HappyCallPrompts(prompts::config), ctx.clock());
        module = CampaignModule.start(config, ctx.dataSource(), ctx.contribute().byBox(), ctx.trunk(), ctx.scheduler(),
                AgiScripts.baseUrl(s.agiUrlHost() + ":" + s.agiPort()), s.agiAccess().secret(), () -> ctx.settings().timeZone(),
                () -> ctx.center().hours().holidayDates(), ctx.clock(), ctx.nodeName(),
                Path.of(s.spoolDir()), ctx.metrics());
        // happy-calls are dialed by the campaigns' outbound dialer (pacing, trunk limit, window, pause)
        HappyCallDialer dialer = module.happyCallDialer(happyCalls);
        ctx.contribute().script(HappyCallFlow.SCRIPT, new HappyCallFlow(dialer.sessions(happyCalls, module.dialer())));
        ctx.contribute().script(SurveyFlow.SCRIPT, module.surveyFlow());
        ctx.contribute().routes(http -> http.route("GET", "/api/campaigns", req -> module.live()));
        HappyCallJob.register(ctx.scheduler(), happyCalls, dialer, Duration.ofSeconds(30), 20);
    }

    /** Writes call records through {@code inner}, then schedules the happy-calls they call for. */
    public CallRecordWriter.Sink scheduleHappyCalls(CallRecordWriter.Sink inner) {
        return happyCalls.sink(inner);
    }

    /** Billing's view of campaign calls, by the running campaigns.yaml. */
    public SurveyUsageSource usage() {
        return new CampaignUsage(config);
    }

    @Override
    public void close() {
        module.close();
        happyAnswers.close(); // writes what is queued; what is left stays journaled for the next start
    }
}
