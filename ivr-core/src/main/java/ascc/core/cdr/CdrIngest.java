package ascc.core.cdr;

import ascc.core.ami.AmiEvent;
import ascc.core.durable.DurableSpool;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import ascc.routing.Phones;
import io.micrometer.core.instrument.Counter;
import ascc.routing.cdr.CdrLeg;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes Asterisk's CDRs from AMI ({@link #accept}, subscribed with {@code AmiClient.subscribe}) and has them merged into
 * {@code asterisk_call} off the call path: the event thread only parses and queues. The legs travel as {@link CdrLeg} through
 * a {@link DurableWriter} of their own (thread {@code cdr-writer}: batches, retry with backoff, and after a while a durable
 * spool in {@code <spool>/}{@value #SPOOL_SUBDIR}, lines by {@link CdrLegCodec}, replayed when the database answers again and
 * at the next start) into {@link AsteriskCallStore#merge}.
 *
 * <p>Exactly once: the merge is order-free and idempotent, so a CDR received twice (two engines on one Asterisk, a replay
 * after a crash between write and spool delete, a test replaying events) changes nothing.
 */
public final class CdrIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CdrIngest.class);
    /** The spool subdirectory (under the engine's spool directory) for CDR legs the database could not take. */
    public static final String SPOOL_SUBDIR = "asterisk-cdr";
    /** The CDR writer's journals: {@code cdr-<millis>-<seq>.journal} (earlier versions wrote {@code calls-*}; both are replayed). */
    static final String SPOOL_PREFIX = "cdr";
    /** What the CDR writer carries. */
    public static final DurableWriter.Kind<CdrLeg> KIND = new DurableWriter.Kind<>("CDR legs", "cdr-writer", CdrLeg::linkedId,
            CdrLeg::source, "asterisk_call");

    private final DurableWriter<CdrLeg> writer;
    private final ZoneId asteriskZone;
    private final Counter received;
    private final Counter unreadable;

    /**
     * @param writer writes the legs (its sink must be {@link AsteriskCallStore#merge})
     * @param asteriskZone the zone of Asterisk's local CDR times
     */
    public CdrIngest(DurableWriter<CdrLeg> writer, ZoneId asteriskZone, Metrics metrics) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.asteriskZone = Objects.requireNonNull(asteriskZone, "asteriskZone");
        this.received = metrics.counter("ascc_cdr_legs_received_total", "Asterisk CDRs received over AMI");
        this.unreadable = metrics.counter("ascc_cdr_legs_unreadable_total", "Asterisk CDRs that could not be read (logged)");
        metrics.gauge("ascc_cdr_legs_pending", "Asterisk CDRs queued or being merged into asterisk_call", writer::pending);
        metrics.gauge("ascc_cdr_legs_written", "Asterisk CDRs merged into asterisk_call since start", writer::writtenCount);
        metrics.gauge("ascc_cdr_legs_spooled", "Asterisk CDRs in the local spool, waiting for the database", writer::spoolSize);
    }

    /** The CDR legs' spool in {@code spoolDir/}{@value #SPOOL_SUBDIR}. */
    public static DurableSpool<CdrLeg> spool(Path spoolDir) throws IOException {
        return new DurableSpool<>(spoolDir.resolve(SPOOL_SUBDIR), SPOOL_PREFIX, CdrLegCodec.INSTANCE, KIND.noun());
    }

    /**
     * The production wiring: a writer into {@code store} with a spool in {@code spoolDir/}{@value #SPOOL_SUBDIR}. The writer's own
     * counters go to a private registry (their names are the call writer's); this ingest's gauges go to {@code metrics}.
     *
     * @param companyByNumber the company a dialed number belongs to (companies' own numbers), empty for the shared numbers
     * @param asteriskZone the zone of Asterisk's local CDR times
     * @param node this engine's name, stored with the call
     */
    public static CdrIngest start(AsteriskCallStore store, Path spoolDir, Function<String, Optional<String>> companyByNumber,
            ZoneId asteriskZone, String node, Metrics metrics, Clock clock) throws IOException {
        DurableWriter<CdrLeg> writer = new DurableWriter<>(KIND, legs -> store.merge(legs, companyByNumber, node), spool(spoolDir),
                metrics, clock, DurableWriter.Settings.defaults(), d -> Thread.sleep(d.toMillis()));
        return new CdrIngest(writer, asteriskZone, metrics);
    }

    /** The AMI events {@link #accept} reads. */
    public static final Set<String> AMI_EVENTS = Set.of(CdrEvents.EVENT);

    /** An AMI event: a {@code Cdr} is queued for merging; other events are ignored. Never throws. */
    public void accept(AmiEvent event) {
        if (!event.is(CdrEvents.EVENT)) {
            return;
        }
        received.increment();
        try {
            CdrEvents.parse(event, asteriskZone).ifPresent(this::acceptLeg);
        } catch (RuntimeException e) {
            unreadable.increment();
            LOG.warn("Asterisk CDR not counted, unreadable: {} (Channel={}, UniqueID={})", Phones.maskText(e.getMessage()),
                    Phones.maskText(event.get("Channel")), event.get("UniqueID"));
        }
    }

    /** Queues one leg for merging (from AMI or {@link CdrFile}); false (logged by the writer) when the writer did not take it. */
    public boolean acceptLeg(CdrLeg leg) {
        return writer.submit(leg);
    }

    /** Waits until every leg accepted so far is merged (or spooled for later). */
    public boolean flush(Duration timeout) throws InterruptedException {
        return writer.flush(timeout);
    }

    public DurableWriter<CdrLeg> writer() {
        return writer;
    }

    /** Writes what is queued (or spools it) and stops. */
    @Override
    public void close() {
        int left = writer.close(Duration.ofSeconds(10));
        if (left > 0) {
            LOG.error("{} Asterisk CDRs could not be written or spooled before shutdown", left);
        }
    }
}
