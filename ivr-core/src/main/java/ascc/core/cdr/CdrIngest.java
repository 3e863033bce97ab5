package ascc.core.cdr;

import ascc.core.ami.AmiEvent;
import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordSpool;
import ascc.core.calls.CallRecordWriter;
import ascc.core.metrics.Metrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes Asterisk's CDRs from AMI ({@link #accept}, subscribed with {@code AmiClient.subscribe}) and has them merged into
 * {@code asterisk_call} off the call path: the event thread only parses and queues. Writing reuses the engine's
 * {@link CallRecordWriter} (batches, retry with backoff, and after a while the durable {@link CallRecordSpool}, replayed when
 * the database answers again and at the next start), with {@link AsteriskCallStore#merge} as its sink and a spool
 * directory of its own. Each leg travels in a {@link CallRecord}'s shape ({@link #toRecord}).
 *
 * <p>Exactly once: the merge is order-free and idempotent, so a CDR received twice (two engines on one Asterisk, a replay
 * after a crash between write and spool delete, a test replaying events) changes nothing.
 */
public final class CdrIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CdrIngest.class);
    /** The spool subdirectory (under the engine's spool directory) for CDR legs the database could not take. */
    public static final String SPOOL_SUBDIR = "asterisk-cdr";

    private final CallRecordWriter writer;
    private final Function<String, Optional<String>> companyByNumber;
    private final ZoneId asteriskZone;
    private final String node;
    private final LongAdder received;
    private final LongAdder unreadable;

    /**
     * @param writer writes the legs (its sink must be {@link AsteriskCallStore#merge})
     * @param companyByNumber the company a dialed number belongs to (companies' own numbers), empty for the shared numbers
     * @param asteriskZone the zone of Asterisk's local CDR times
     * @param node this engine's name, stored with the call
     */
    public CdrIngest(CallRecordWriter writer, Function<String, Optional<String>> companyByNumber, ZoneId asteriskZone, String node,
            Metrics metrics) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.companyByNumber = Objects.requireNonNull(companyByNumber, "companyByNumber");
        this.asteriskZone = Objects.requireNonNull(asteriskZone, "asteriskZone");
        this.node = node;
        this.received = metrics.counter("ascc_cdr_legs_received_total", "Asterisk CDRs received over AMI");
        this.unreadable = metrics.counter("ascc_cdr_legs_unreadable_total", "Asterisk CDRs that could not be read (logged)");
        metrics.gauge("ascc_cdr_legs_pending", "Asterisk CDRs queued or being merged into asterisk_call", writer::pending);
        metrics.gauge("ascc_cdr_legs_written", "Asterisk CDRs merged into asterisk_call since start", writer::writtenCount);
        metrics.gauge("ascc_cdr_legs_spooled", "Asterisk CDRs in the local spool, waiting for the database", writer::spoolSize);
    }

    /**
     * The production wiring: a writer into {@code store} with a spool in {@code spoolDir/}{@value #SPOOL_SUBDIR}. The writer's own
     * counters go to a private registry (their names are the call writer's); this ingest's gauges go to {@code metrics}.
     */
    public static CdrIngest start(AsteriskCallStore store, Path spoolDir, Function<String, Optional<String>> companyByNumber,
            ZoneId asteriskZone, String node, Metrics metrics, Clock clock) throws IOException {
        CallRecordWriter writer = new CallRecordWriter(store::merge, new CallRecordSpool(spoolDir.resolve(SPOOL_SUBDIR)), new Metrics(),
                clock, CallRecordWriter.Settings.defaults(), d -> Thread.sleep(d.toMillis()));
        return new CdrIngest(writer, companyByNumber, asteriskZone, node, metrics);
    }

    /** An AMI event: a {@code Cdr} is queued for merging; other events are ignored. Never throws. */
    public void accept(AmiEvent event) {
        if (!event.is(CdrLeg.EVENT)) {
            return;
        }
        received.increment();
        try {
            CdrLeg.parse(event, asteriskZone).ifPresent(this::acceptLeg);
        } catch (RuntimeException e) {
            unreadable.increment();
            LOG.warn("Asterisk CDR not counted, unreadable: {} (Channel={}, UniqueID={})", e.getMessage(), event.get("Channel"),
                    event.get("UniqueID"));
        }
    }

    /** Queues one leg for merging (from AMI or {@link CdrFile}); false (logged by the writer) when the writer did not take it. */
    public boolean acceptLeg(CdrLeg leg) {
        String company = leg.isCallerLeg() && leg.destination() != null ? companyByNumber.apply(leg.destination()).orElse(null) : null;
        return writer.submit(toRecord(leg, company, node));
    }

    /**
     * A leg in a call record's shape, as the writer and spool carry it: the caller leg carries the dialed and caller numbers,
     * the company and its disposition; outcome ANSWERED with the talk time when an agent answered the leg.
     */
    public static CallRecord toRecord(CdrLeg leg, String companyId, String node) {
        boolean caller = leg.isCallerLeg();
        boolean answered = leg.answeredByAgent();
        return new CallRecord(leg.linkedId(), leg.uniqueId(), companyId, null, null, null, null, null,
                caller ? leg.destination() : null, caller ? leg.source() : null, leg.start(), answered ? leg.answer() : null, leg.end(),
                null, answered ? leg.billSeconds() * 1000 : 0L, answered ? CallOutcome.ANSWERED : CallOutcome.ABANDONED_QUEUE,
                caller ? leg.disposition() : null, node);
    }

    /** Waits until every leg accepted so far is merged (or spooled for later). */
    public boolean flush(Duration timeout) throws InterruptedException {
        return writer.flush(timeout);
    }

    public CallRecordWriter writer() {
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
