package ascc.core.billing;

import ascc.core.cdr.AsteriskCallStore;
import ascc.core.cdr.CdrFile;
import ascc.core.cdr.CdrIngest;
import ascc.routing.cdr.CdrLeg;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.routing.config.AsteriskBox;
import ascc.routing.config.EngineSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Billing and CDR reconciliation: the monthly close on the 1st at 02:00 (when billing.yaml exists), Asterisk's CDRs
 * over AMI, and the CDR file each box writes (asterisk.cdr-file, or a box's cdr-file), read at start and after every AMI
 * (re)connect of its box on thread {@code cdr-file-reader} ({@code cdr-file-reader-<box>} with several), off the call
 * path, so calls made while no engine was connected are counted too. Asterisk's local times are read in this host's zone.
 */
public final class BillingFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(BillingFeature.class);

    /** The lease whose holder reads the one-box shorthand's CDR file; with several boxes {@code cdr:<box id>} each. */
    public static final String CDR_LEASE = "cdr:" + AsteriskBox.DEFAULT_ID;
    private final CdrIngest ingest;
    private final Runnable unsubscribe;
    /** One per box with a CDR file ({@code cdr-file}): none without. */
    private final List<CdrFileReader> readers = new ArrayList<>();

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
        // writing one leg write it once. The node holding the lease "cdr:<box>" also reads that box's CDR file (on gaining
        // it and after each reconnect of the box's link) for what no node heard (docs/scale-out.md)
        // every box's CDRs (linkedids carry the box)
        unsubscribe = ctx.contribute().amiEventsEveryBox("cdr", CdrIngest.AMI_EVENTS::contains, ingest::accept);
        try {
            for (AsteriskBox box : s.boxes()) {
                String lease = "cdr:" + box.id();
                if (box.cdrFile().isEmpty()) {
                    ctx.leases().want(lease, fence -> { });
                    continue;
                }
                String suffix = s.severalBoxes() ? "-" + box.id() : "";
                CdrFileReader reader = new CdrFileReader(new CdrFile(Path.of(box.cdrFile()),
                        Path.of(s.spoolDir()).resolve("asterisk-cdr-file" + suffix + ".progress"), ZoneId.systemDefault(),
                        sink()), "cdr-file-reader" + suffix);
                readers.add(reader);
                ctx.leases().want(lease, fence -> reader.read());
                reader.stopOnResync = ctx.contribute().byBox().getOrDefault(box.id(), ctx.ami()).onResync("cdr-file", () -> {
                    if (ctx.leases().holds(lease)) {
                        reader.read();
                    }
                });
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private CdrFile.Sink sink() {
        return new CdrFile.Sink() {
            @Override
            public boolean accept(CdrLeg leg) {
                return ingest.acceptLeg(leg);
            }

            @Override
            public boolean flush() throws InterruptedException {
                return ingest.flush(Duration.ofSeconds(60));
            }
        };
    }

    /** One box's CDR file and the thread that reads it, one read queued at a time. */
    private static final class CdrFileReader {
        private final CdrFile file;
        private final ExecutorService thread;
        private Runnable stopOnResync = () -> { };

        CdrFileReader(CdrFile file, String threadName) {
            this.file = file;
            this.thread = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name(threadName).daemon(true).unstarted(r));
        }

        /** Queues one read of the CDR file (a read already queued covers this one too). */
        void read() {
            try {
                thread.execute(() -> {
                    try {
                        file.backfill();
                    } catch (IOException | RuntimeException e) {
                        LOG.error("CDR file {} not read: {} (read again after the next AMI reconnect or start)", file.file(),
                                e.toString(), e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("CDR file read not queued, engine stopping: {}", e.toString());
            }
        }

        void close() {
            stopOnResync.run();
            thread.shutdownNow();
            try {
                if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.error("CDR file reader of {} still running after 10 s; its progress is saved only after a complete merge",
                            file.file());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        unsubscribe.run();
        readers.forEach(CdrFileReader::close);
        ingest.close();
    }
}
