package ascc.routing.campaign;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * When customers may be called: on {@code days}, from {@code from} (inclusive) to {@code to} (exclusive), local time
 * of the center's time zone (engine.yaml {@code center.timezone}), never on a holiday.
 */
public record CallWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    /** Longest search for the next opening: a window open on at least one weekday opens within 8 days plus holidays. */
    private static final int SEARCH_DAYS = 400;

    public CallWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("a call window needs at least one day (days=" + days + ")");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("call window must start before it ends (from=" + from + ", to=" + to + ")");
        }
        days = Set.copyOf(EnumSet.copyOf(days));
    }

    /** True if a call may start at {@code at}. */
    public boolean contains(Instant at, ZoneId zone, Predicate<LocalDate> holiday) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime t = local.toLocalTime();
        return days.contains(local.getDayOfWeek()) && !holiday.test(local.toLocalDate()) && !t.isBefore(from) && t.isBefore(to);
    }

    /**
     * The first instant at or after {@code at} inside the window; empty if the window never opens within 400 days
     * (every day a holiday).
     */
    public Optional<Instant> nextOpen(Instant at, ZoneId zone, Predicate<LocalDate> holiday) {
        if (contains(at, zone, holiday)) {
            return Optional.of(at);
        }
        ZonedDateTime local = at.atZone(zone);
        LocalDate day = local.toLocalDate();
        if (!local.toLocalTime().isBefore(from)) {
            day = day.plusDays(1);
        }
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (days.contains(day.getDayOfWeek()) && !holiday.test(day)) {
                return Optional.of(day.atTime(from).atZone(zone).toInstant());
            }
        }
        return Optional.empty();
    }
}
