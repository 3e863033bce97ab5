package ascc.routing.config;

import java.time.LocalTime;

/** A half-open range of the day, {@code [from, to)}; {@code to} 24:00 is written as {@link LocalTime#MAX}. */
public record TimeRange(LocalTime from, LocalTime to) {
    private static final java.time.format.DateTimeFormatter HH_MM = java.time.format.DateTimeFormatter.ofPattern("HH:mm");

    public boolean contains(LocalTime t) {
        return !t.isBefore(from) && (t.isBefore(to) || to.equals(LocalTime.MAX));
    }

    /** As written in {@code hours.yaml}, e.g. {@code 09:00-18:00} or {@code 18:00-24:00}. */
    public String label() {
        return HH_MM.format(from) + "-" + (to.equals(LocalTime.MAX) ? "24:00" : HH_MM.format(to));
    }
}
