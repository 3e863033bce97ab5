package ascc.core.billing;

import ascc.core.cdr.AsteriskCallStore;
import ascc.core.cdr.CdrFile;
import ascc.core.cdr.CdrIngest;
import ascc.routing.cdr.CdrLeg;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.routing.config.EngineSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Billing and CDR reconciliation: the monthly close on the 1st at 02:00 (when billing.yaml exists), Asterisk's CDRs
 * over AMI, and the CDR file Asterisk writes (asterisk.cdr-file), read at start and after every AMI (re)connect on
 * thread {@code cdr-file-reader}, off the call path, so calls made while no engine was connected are counted too.
 * Asterisk's local times are read in this host's zone.
 */
public final class BillingFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(BillingFeature.class);

    /** The lease whose holder ingests the (one, for now) Asterisk box's CDRs. */
    public static final String CDR_LEASE = "cdr:default";
    private final CdrIngest ingest;
    private final Runnable unsubscribe;
    /** Null without asterisk.cdr-file. */
    private final CdrFile cdrFile;
    private final ExecutorService cdrFileReader;
    private final Runnable stopReading;

    /**
     * @param surveys survey and happy-call usage for the monthly close (the campaigns feature's)
     */
    public BillingFeature(FeatureContext ctx, SurveyUsageSource surveys) throws IOException {
        if (ctx.config().snapshot().billing().isPresent()) { // adding or removing billing.yaml needs a restart (RestartRules)
            BillingSchedule.register(ctx.scheduler(), new BillingService(ctx.dataSource(),
                    ctx.config().part(c -> c.billing().orElseThrow()), ctx.config(), surveys, ctx.clock()));
        }
        EngineSettings s = ctx.settings();
        ingest = CdrIngest.start(new AsteriskCallStore(ctx.dataSource()), Path.of(s.spoolDir()),
                number -> ctx.center().companyByNumber(number).map(co -> co.id()), ZoneId.systemDefault(), ctx.nodeName(),
                ctx.metrics(), ctx.clock());
        // Every node ingests the CDRs it hears over AMI, lease or not: the ingest is journaled first and idempotent by
        // the leg's natural key, so a CDR heard while the database (and with it the lease) is away is kept, and two nodes
        // writing one leg write it once. The node holding the lease "cdr:<box>" also reads the CDR file (on gaining it
        // and after each reconnect) for what no node heard (docs/scale-out.md)
        unsubscribe = ctx.contribute().amiEventsEveryBox("cdr", ingest::accept); // every box's CDRs (linkedids carry the box)
        if (s.asteriskCdrFile().isEmpty()) {
            cdrFile = null;
            cdrFileReader = null;
            stopReading = () -> { };
            ctx.leases().want(CDR_LEASE, fence -> { });
            return;
        }
        cdrFile = new CdrFile(Path.of(s.asteriskCdrFile()), Path.of(s.spoolDir()).resolve("asterisk-cdr-file.progress"),
                ZoneId.systemDefault(), new CdrFile.Sink() {
                    @Override
                    public boolean accept(CdrLeg leg) {
                        return ingest.acceptLeg(leg);
                    }

                    @Override
                    public boolean flush() throws InterruptedException {
                        return ingest.flush(Duration.ofSeconds(60));
                    }
                });
        cdrFileReader = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("cdr-file-reader").daemon(true).unstarted(r));
        ctx.leases().want(CDR_LEASE, fence -> readCdrFile());
        stopReading = ctx.contribute().amiResync("cdr", () -> {
            if (ctx.leases().holds(CDR_LEASE)) {
                readCdrFile();
            }
        });
    }

    /** Queues one read of the CDR file (a read already queued covers this one too). */
    private void readCdrFile() {
        try {
            cdrFileReader.execute(() -> {
                try {
                    cdrFile.backfill();
                } catch (IOException | RuntimeException e) {
                    LOG.error("CDR file {} not read: {} (read again after the next AMI reconnect or start)", cdrFile.file(),
                            e.toString(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("CDR file read not queued, engine stopping: {}", e.toString());
        }
    }

    @Override
    public void close() {
        unsubscribe.run();
        stopReading.run();
        if (cdrFileReader != null) {
            cdrFileReader.shutdownNow();
            try {
                if (!cdrFileReader.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.error("CDR file reader still running after 10 s; its progress is saved only after a complete merge");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ingest.close();
    }
}
