package ascc.routing.config;

import java.time.LocalTime;

/** A half-open range of the day, {@code [from, to)}; {@code to} 24:00 is written as {@link LocalTime#MAX}. */
public record TimeRange(LocalTime from, LocalTime to) {
    public boolean contains(LocalTime t) {
        return !t.isBefore(from) && (t.isBefore(to) || to.equals(LocalTime.MAX));
    }
}
