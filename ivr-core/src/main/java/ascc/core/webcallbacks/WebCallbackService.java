package ascc.core.webcallbacks;

import ascc.core.callbacks.CallbackService;
import ascc.core.durable.DurableSpool;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import ascc.routing.PhoneNumber;
import ascc.routing.Phones;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Category;
import ascc.routing.config.Company;
import ascc.routing.config.Desk;
import ascc.routing.config.WebCallbacks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes callback requests from outside a call: validates (company, number normalised with {@link PhoneNumber}, category,
 * time window), merges a repeat within the merge window into the open request, and journals a new one (fsynced) before
 * it answers; the {@code web-callback-writer} stores it and schedules its due job, at which the callback machinery places it
 * in the desk's queue like any callback (place holder with the web priority, agent first, then the customer).
 */
public final class WebCallbackService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebCallbackService.class);
    public static final String SPOOL_SUBDIR = "web-callbacks";
    static final DurableWriter.Kind<WebCallbackRequest> KIND = new DurableWriter.Kind<>("web callback requests",
            "web-callback-writer", WebCallbackRequest::id, WebCallbackRequest::number, "callback_request_web");
    private static final DurableWriter.Settings SETTINGS = new DurableWriter.Settings(50, Duration.ofMillis(5),
            Duration.ofMillis(100), Duration.ofSeconds(5), 100_000, 5, Duration.ofSeconds(10));
    /** How far ahead a preferred window may start. */
    static final Duration MAX_AHEAD = Duration.ofDays(14);
    /** Requests journaled but perhaps not stored yet, remembered this long for merging. */
    private static final int RECENT_MAX = 10_000;

    /** A request as it arrived (texts as sent; validated here). */
    public record Submission(String integration, String channel, String company, String number, String category, String windowStart,
                             String windowEnd) {
        @Override
        public String toString() {
            return "Submission[" + integration + "/" + channel + ", company=" + company + ", number=" + Phones.mask(number)
                    + ", category=" + category + ", window=" + windowStart + ".." + windowEnd + "]";
        }
    }

    /**
     * The answer: {@code status} 201 (created, journaled), 200 (merged into {@code id}), 400 (refused: {@code error}), 503
     * (could not be journaled).
     */
    public record Result(int status, String id, boolean merged, String error) {
        static Result refused(String error) {
            return new Result(400, null, false, error);
        }
    }

    private record Recent(String id, Instant at) {
    }

    private final Supplier<CenterConfig> center;
    private final Supplier<WebCallbacks> rules;
    private final WebCallbackStore store;
    private final Clock clock;
    private final DurableWriter<WebCallbackRequest> writer;
    private final AtomicLong seq = new AtomicLong();
    /** company|digits -> the latest new request (merging before the writer stored it). */
    private final Map<String, Recent> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recent> eldest) {
            return size() > RECENT_MAX;
        }
    };

    public WebCallbackService(Supplier<CenterConfig> center, Supplier<WebCallbacks> rules, WebCallbackStore store,
                              CallbackService callbacks, Path spoolDir, Metrics metrics, Clock clock) {
        this.center = Objects.requireNonNull(center, "center");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        DurableSpool<WebCallbackRequest> spool;
        try {
            spool = spoolDir == null ? null
                    : new DurableSpool<>(spoolDir.resolve(SPOOL_SUBDIR), SPOOL_SUBDIR, WebCallbackCodec.INSTANCE, KIND.noun());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the web callbacks' journal in " + spoolDir.resolve(SPOOL_SUBDIR), e);
        }
        DurableWriter.Sink<WebCallbackRequest> sink = requests -> {
            for (WebCallbackRequest r : requests) {
                boolean stored = store.insert(r, clock.instant());
                callbacks.scheduleDue(r.callback());
                if (stored) {
                    LOG.info("web callback stored and scheduled: {}", r);
                } else {
                    LOG.info("web callback {} was stored already (replayed)", r.id());
                }
            }
        };
        this.writer = new DurableWriter<>(KIND, sink, spool, metrics, clock, SETTINGS, d -> Thread.sleep(d.toMillis()));
    }

    /** Validates, merges or journals {@code s}; never throws for bad input. */
    public Result submit(Submission s) {
        CenterConfig c = center.get();
        WebCallbacks w = rules.get();
        Company company = s.company() == null ? null : c.companies().get(s.company());
        if (company == null) {
            return Result.refused("unknown company");
        }
        Optional<PhoneNumber> number = PhoneNumber.parse(s.number());
        if (number.isEmpty()) {
            return Result.refused("invalid number (allowed: " + PhoneNumber.ALLOWED + ")");
        }
        Category category = null;
        if (s.category() != null && !s.category().isBlank()) {
            category = Category.byId(s.category().strip()).orElse(null);
            if (category == null || !company.categories().contains(category)) {
                return Result.refused("unknown category for this company (allowed: "
                        + company.categories().stream().map(Category::id).toList() + ")");
            }
        }
        Instant now = clock.instant();
        ZoneId zone = c.engine().timeZone();
        Instant start;
        Instant end;
        try {
            start = time(s.windowStart(), zone);
            end = time(s.windowEnd(), zone);
        } catch (DateTimeParseException e) {
            return Result.refused("invalid window time (allowed: ISO-8601, e.g. 2026-12-07T14:00 in the center's time zone, or"
                    + " with an offset)");
        }
        if (end != null && (!end.isAfter(now) || (start != null && !end.isAfter(start)))) {
            return Result.refused("the window must end in the future and after its start");
        }
        if (start != null && start.isAfter(now.plus(MAX_AHEAD))) {
            return Result.refused("the window must start within " + MAX_AHEAD.toDays() + " days");
        }
        Optional<Desk> desk = category == null ? Optional.empty() : c.deskFor(category);
        Desk d = desk.orElse(c.desks().get(c.engine().generalDesk()));
        if (d == null) {
            return Result.refused("no desk takes this category");
        }
        String digits = number.get().digits();
        String note = s.channel() + " via " + s.integration() + " at " + now + (category == null ? "" : ", " + category.id())
                + (start == null ? "" : ", from " + start) + (end == null ? "" : " to " + end);
        Optional<String> open = openRequest(company.id(), digits, now.minus(w.mergeWindow()));
        if (open.isPresent()) {
            try {
                // the open request may still be on its way to the table: its writer stores it first
                boolean noted = store.merged(open.get(), note, now)
                        || writer.flush(Duration.ofSeconds(2)) && store.merged(open.get(), note, now);
                if (!noted) {
                    LOG.warn("web callback {}: a repeat request was merged but not noted (the request is not stored yet)", open.get());
                }
            } catch (SQLException e) {
                LOG.warn("web callback {}: a repeat request was merged but not noted ({})", open.get(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LOG.info("web callback request merged into {} (same company {} and number {} within {} min): {}", open.get(), company.id(),
                    number.get(), w.mergeWindow().toMinutes(), s);
            return new Result(200, open.get(), true, null);
        }
        String id = now.toEpochMilli() + "." + seq.incrementAndGet();
        Instant due = start != null && start.isAfter(now) ? start : now;
        WebCallbackRequest r = new WebCallbackRequest(id, s.integration(), s.channel(), company.id(), d.id(), d.queueName(), digits,
                category == null ? null : category.id(), start, end, now, due);
        if (!writer.submit(r)) {
            LOG.error("web callback request not journaled (journal or writer refused it); answered 503: {}", r);
            return new Result(503, null, false, "not stored, try again later");
        }
        synchronized (recent) {
            recent.put(company.id() + "|" + digits, new Recent(id, now));
        }
        LOG.info("web callback request journaled: {}", r);
        return new Result(201, id, false, null);
    }

    private Optional<String> openRequest(String company, String digits, Instant since) {
        synchronized (recent) {
            Recent r = recent.get(company + "|" + digits);
            if (r != null && !r.at().isBefore(since)) {
                return Optional.of(r.id());
            }
        }
        try {
            return store.findOpen(company, digits, since);
        } catch (SQLException e) {
            LOG.warn("web callback: open requests not read ({}); the request is taken as new", e.getMessage());
            return Optional.empty();
        }
    }

    /** An ISO-8601 time with an offset, or a local date-time in {@code zone}; null for none. */
    static Instant time(String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        }
    }

    /** Requests journaled, not stored yet. */
    public long pending() {
        return writer.pending();
    }

    /** Stores what is queued (up to 10 s); the rest stays in the journal for the next start. */
    @Override
    public void close() {
        writer.close();
    }
}
