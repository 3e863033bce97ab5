package ascc.routing.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Opening ranges per day of week; a day with no ranges is closed. */
public record WeeklyHours(Map<DayOfWeek, List<TimeRange>> days) {
    public WeeklyHours {
        EnumMap<DayOfWeek, List<TimeRange>> copy = new EnumMap<>(DayOfWeek.class);
        days.forEach((d, r) -> copy.put(d, List.copyOf(r)));
        days = java.util.Collections.unmodifiableMap(copy);
    }

    public boolean isOpen(DayOfWeek day, LocalTime time) {
        for (TimeRange r : days.getOrDefault(day, List.of())) {
            if (r.contains(time)) {
                return true;
            }
        }
        return false;
    }
}
