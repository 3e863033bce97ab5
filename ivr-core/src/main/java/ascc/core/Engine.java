package ascc.core;

import ascc.core.admin.AdminHttpFeature;
import ascc.core.agents.AgentsFeature;
import ascc.core.agi.FastAgiFeature;
import ascc.core.ami.AmiClient;
import ascc.core.ami.AmiFailure;
import ascc.core.ami.AmiLinks;
import ascc.core.asterisk.AsteriskFiles;
import ascc.core.billing.BillingFeature;
import ascc.core.callbacks.CallbacksFeature;
import ascc.core.campaign.CampaignsFeature;
import ascc.core.cluster.Leases;
import ascc.core.cluster.SqlLeaseStore;
import ascc.core.cluster.SqlTrunkSlotStore;
import ascc.core.cluster.TrunkSlots;
import ascc.core.config.ConfigHolder;
import ascc.core.config.SampleSecrets;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.feature.Contributions;
import ascc.core.desktop.DesktopFeature;
import ascc.core.desktop.RepairCases;
import ascc.core.feature.FeatureContext;
import ascc.core.portal.PortalFeature;
import ascc.core.web.WebFeature;
import ascc.core.wallboard.WallboardFeature;
import ascc.core.feature.Features;
import ascc.core.inbound.InboundFeature;
import ascc.core.metrics.Metrics;
import ascc.core.overflow.OverflowFeature;
import ascc.core.webcallbacks.WebCallbacksFeature;
import ascc.core.recordings.RecordingsFeature;
import ascc.core.sched.Scheduler;
import ascc.core.selfservice.SelfServiceFeature;
import ascc.routing.config.AsteriskBox;
import ascc.routing.config.ConfigException;
import ascc.routing.config.ConfigPrinter;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import ascc.routing.config.Redact;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine: the shared resources (database, Quartz, AMI client) and the features, started in order and
 * stopped in reverse. Each feature is one capability with one entry object; a feature that needs another gets it
 * through its constructor, so it exists before it is used:
 * <ol>
 *   <li>recordings (prompts, recording plans, retention, {@code /api/recordings})</li>
 *   <li>callbacks (after-hours and follow-up callback requests, due by Quartz)</li>
 *   <li>campaigns and happy-calls (dialer, survey and happy-call scripts, {@code /api/campaigns})</li>
 *   <li>inbound calls and call records (inbound script, call tracker, call record writer, repeat callers)</li>
 *   <li>agents and peak staffing (agent states, agent feature codes, {@code /api/live}, staffing.yaml)</li>
 *   <li>overflow and its callbacks (overflow.yaml; dials DUE callbacks)</li>
 *   <li>billing and CDR reconciliation (monthly close, CDRs over AMI and from the CDR file)</li>
 *   <li>then Asterisk's rendered files, the AMI connection, the FastAGI listener, and the admin HTTP server</li>
 * </ol>
 * {@link #close()} is the SIGTERM path: the HTTP server stops, AGI sessions finish or hand their calls back to the
 * dialplan, queued call records are written, AMI is logged off, Quartz and the database stop.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** How to start: config directory, environment for {@code ${VAR}} references, clock and node name. */
    public record Options(Path confDir, Map<String, String> env, Clock clock, String nodeName) {
        public static Options defaults(Path confDir) {
            return new Options(confDir, System.getenv(), Clock.systemUTC(), defaultNodeName());
        }
    }

    private final Features features;
    private final FastAgiFeature agi;
    private final AdminHttpFeature http;

    private Engine(Features features, FastAgiFeature agi, AdminHttpFeature http) {
        this.features = features;
        this.agi = agi;
        this.http = http;
    }

    /** Loads the config and starts every part in order; on failure, stops what was started (in reverse) and rethrows. */
    public static Engine start(Options options) throws ConfigException, IOException {
        ConfigHolder config = ConfigHolder.load(options.confDir(), options.env());
        EngineSettings s = config.get().engine();
        List<Problem> refused = new java.util.ArrayList<>(SampleSecrets.refusals(options.confDir(), config.get(), options.env()));
        refused.addAll(SampleSecrets.webRefusals(options.confDir(), config.snapshot().web(), options.env()));
        if (!refused.isEmpty()) {
            throw new ConfigException(refused); // before anything listens: no port is opened with a sample secret
        }
        SampleSecrets.warnings(options.confDir(), config.get(), options.env()).forEach(w -> LOG.warn("config warning: {}", w));
        SampleSecrets.webWarnings(options.confDir(), config.snapshot().web(), options.env())
                .forEach(w -> LOG.warn("config warning: {}", w));
        LOG.info("starting engine node {} with config from {}:\n{}", options.nodeName(), options.confDir(),
                ConfigPrinter.print(config.get()));
        Features features = new Features();
        try {
            return start(options, config, s, features);
        } catch (ConfigException | IOException | RuntimeException e) {
            features.close();
            throw e;
        }
    }

    private static Engine start(Options o, ConfigHolder config, EngineSettings s, Features features)
            throws ConfigException, IOException {
        DbSettings dbs = DbSettings.of(s, 10);
        // one Micrometer registry (JVM, process and Hikari pool meters included) for GET /metrics
        Metrics metrics = features.start("metrics", Metrics::withJvmMetrics);
        Database db = features.start("database", () -> Database.open(dbs, metrics.registry()));
        // a campaign's job holds a worker while it dials: one more worker per campaign besides the 3 for other jobs
        int workers = 3 + config.snapshot().campaigns().campaigns().size();
        // in standby until every feature registered its jobs: a fire due at start finds its job's factory and parts
        Scheduler scheduler = Scheduler.create(db.dataSource(), "ascc", !dbs.isEmbedded(), workers);
        features.onClose("Quartz", () -> scheduler.shutdown(true));
        // one AMI link per Asterisk box (engine.yaml boxes; the ami section is the one box): features use the first box's
        AmiLinks links = features.start("AMI", () -> AmiLinks.open(s.boxes(), o.clock(), metrics));
        AmiClient ami = links.primary();
        Contributions contribute = new Contributions(links);
        links.probes(contribute::probe);
        contribute.probe("db", db::isHealthy);
        // once-only work goes to the node holding its lease (docs/scale-out.md); renewed from just after AMI starts
        Leases leases = new Leases(new SqlLeaseStore(db.dataSource()), clusterNodeId(s), s.cluster(), System::nanoTime);
        features.onClose("leases", leases::close);
        // the global trunk limit over every node, calls spread over the boxes by free trunk capacity (docs/scale-out.md)
        TrunkSlots trunk = new TrunkSlots(new SqlTrunkSlotStore(db.dataSource()), clusterNodeId(s),
                () -> config.snapshot().campaigns().trunkChannels(), links.boxes(), box -> links.byBox().get(box).isConnected(),
                (box, originate, timeout) -> links.byBox().get(box).originateAsync(originate, timeout), metrics);
        features.onClose("trunk slots", trunk::close);
        contribute.amiEventsEveryBox("trunk-slots", TrunkSlots.AMI_EVENTS::contains, trunk::onEvent);
        FeatureContext ctx = new FeatureContext(o.confDir(), o.env(), config, o.clock(), o.nodeName(), db, metrics, scheduler, ami,
                contribute, leases, trunk);

        RecordingsFeature recordings = features.start("recordings", () -> new RecordingsFeature(ctx));
        CallbacksFeature callbacks = features.start("callbacks", () -> new CallbacksFeature(ctx));
        CampaignsFeature campaignsFeature = features.start("campaigns",
                () -> new CampaignsFeature(ctx, callbacks, recordings));
        SelfServiceFeature selfService = features.start("self-service", () -> new SelfServiceFeature(ctx, recordings));
        InboundFeature inbound = features.start("inbound calls",
                () -> new InboundFeature(ctx, recordings, callbacks, campaignsFeature, selfService));
        AgentsFeature agents = features.start("agents", () -> new AgentsFeature(ctx));
        OverflowFeature overflow = features.start("overflow", () -> new OverflowFeature(ctx, agents, inbound, callbacks));
        features.start("web callbacks", () -> new WebCallbacksFeature(ctx, callbacks));
        features.start("billing", () -> new BillingFeature(ctx, campaignsFeature.usage()));
        WebFeature web = features.start("web", () -> new WebFeature(ctx));
        features.start("wallboard", () -> new WallboardFeature(ctx, web, agents, inbound, overflow));
        features.start("agent desktop", () -> new DesktopFeature(ctx, inbound, agents, web,
                RepairCases.from(selfService.cases())));
        features.start("company portal", () -> new PortalFeature(ctx, web));

        for (AsteriskBox box : s.boxes()) { // each box's files into its config-dir (if any), reloaded over its own link
            AmiClient link = links.byBox().getOrDefault(box.id(), ami);
            String of = s.severalBoxes() ? " (box " + box.id() + ")" : "";
            AsteriskFiles asteriskFiles = new AsteriskFiles(box.configDir(), link, s.severalBoxes() ? box.id() : null);
            asteriskFiles.render(config.get());
            features.onClose("AMI login watch" + of, link.onStateChange(change -> { // a changed secret: reload manager.conf
                if (change.failure() != null && change.failure().kind() == AmiFailure.Kind.LOGIN_REJECTED) {
                    asteriskFiles.loginRejected();
                }
            })::run);
            features.onClose("Asterisk files rendering" + of, config.onReload((before, after) -> asteriskFiles.render(after))::run);
        }
        links.start(); // every feature subscribed: events start flowing now
        scheduler.start(); // every feature registered its jobs: missed fires run now, then as scheduled
        for (String lease : leases.names()) { // whether this node acts on it now: a test sees it stop before a take-over
            metrics.gauge("ascc_cluster_lease_held", "1 while this node may act on the lease (held, resynced, local deadline"
                    + " not passed)", () -> leases.holds(lease) ? 1 : 0, "lease", lease);
        }
        leases.start(); // every feature asked for its leases; a lease gained resyncs its feature before it acts
        trunk.start(); // renews this node's trunk slots
        FastAgiFeature agi = features.start("FastAGI", () -> new FastAgiFeature(ctx));
        AdminHttpFeature http = features.start("admin HTTP", () -> new AdminHttpFeature(ctx));
        LOG.info("engine up ({}): FastAGI {}:{}, HTTP {}:{}, AMI {}, database {}", String.join(", ", features.names()),
                s.agiBind(), agi.port(), s.httpBind(), http.port(), links.boxes().size() == 1 ? s.amiHost() + ":" + s.amiPort()
                        : links.boxes().stream().map(b -> b.id() + "=" + b.amiHost() + ":" + b.amiPort()).toList(),
                dbs.isEmbedded() ? "embedded " + s.embeddedDbPath() : Redact.url(s.dbUrl()));
        return new Engine(features, agi, http);
    }

    public int agiPort() {
        return agi.port();
    }

    public int httpPort() {
        return http.port();
    }

    /** Stops every feature and resource, last started first. */
    @Override
    public void close() {
        LOG.info("engine stopping");
        features.close();
        LOG.info("engine stopped");
    }

    /** engine.yaml cluster.node-id, or the host name and the HTTP port. */
    static String clusterNodeId(EngineSettings s) {
        return s.cluster().nodeId().isEmpty() ? hostName() + "-" + s.httpPort() : s.cluster().nodeId();
    }

    static String defaultNodeName() {
        return hostName() + "-" + ProcessHandle.current().pid();
    }

    private static String hostName() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "node";
            }
        }
        return host;
    }
}
