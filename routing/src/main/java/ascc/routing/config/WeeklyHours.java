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

    /** One day's hours as written in {@code hours.yaml}, e.g. {@code 09:00-12:00, 13:00-18:00} or {@code closed}. */
    public String describe(DayOfWeek day) {
        List<TimeRange> ranges = days.getOrDefault(day, List.of());
        if (ranges.isEmpty()) {
            return "closed";
        }
        StringBuilder sb = new StringBuilder();
        for (TimeRange r : ranges) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(r.label());
        }
        return sb.toString();
    }

    /** The whole week, consecutive days with equal hours grouped, e.g. {@code mon-fri 09:00-18:00, sat 09:00-13:00, sun closed}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        DayOfWeek[] all = DayOfWeek.values();
        int i = 0;
        while (i < all.length) {
            String hours = describe(all[i]);
            int j = i;
            while (j + 1 < all.length && describe(all[j + 1]).equals(hours)) {
                j++;
            }
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(dayKey(all[i]));
            if (j > i) {
                sb.append('-').append(dayKey(all[j]));
            }
            sb.append(' ').append(hours);
            i = j + 1;
        }
        return sb.toString();
    }

    /** The key used in {@code hours.yaml}: mon, tue, ... sun. */
    public static String dayKey(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(java.util.Locale.ROOT);
    }
}
