package ascc.core.config.yaml;

import ascc.routing.config.TimeRange;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.nodes.Node;

/** Parses weekly opening hours ({@code mon-fri: "09:00-18:00"}) as written in {@code hours.yaml}. */
public final class HoursParser {
    static final List<String> DAY_KEYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun", "mon-fri", "sat-sun", "daily");
    public static final String HOURS_ALLOWED = "\"HH:MM-HH:MM\", several separated by commas, \"24h\" or \"closed\";"
            + " e.g. \"09:00-18:00\" or \"09:00-12:00, 13:00-18:00\"";
    private static final Pattern RANGE = Pattern.compile("(\\d{1,2}):(\\d{2})\\s*-\\s*(\\d{1,2}):(\\d{2})");

    private HoursParser() {
    }

    /** All days closed. */
    static Map<DayOfWeek, List<TimeRange>> closedWeek() {
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            week.put(d, List.of());
        }
        return week;
    }

    /**
     * Applies the day keys of a weekly-hours mapping on top of {@code base}: {@code daily} first, then
     * {@code mon-fri}/{@code sat-sun}, then single days, whatever their order in the file.
     * Returns null when a problem was reported.
     */
    static Map<DayOfWeek, List<TimeRange>> weekly(YamlDoc doc, Node node, String path, Map<DayOfWeek, List<TimeRange>> base) {
        int before = doc.problemCount();
        Map<String, YamlDoc.Entry> entries = doc.mapping(node, path, DAY_KEYS);
        if (entries == null) {
            return null;
        }
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(base);
        for (int level = 0; level <= 2; level++) {
            for (YamlDoc.Entry e : entries.values()) {
                if (specificity(e.name()) != level) {
                    continue;
                }
                String text = doc.text(e.value(), e.path());
                if (text == null) {
                    continue;
                }
                List<TimeRange> ranges;
                try {
                    ranges = parseDay(text);
                } catch (IllegalArgumentException ex) {
                    doc.problem(e.value(), e.path(), ex.getMessage());
                    continue;
                }
                for (DayOfWeek d : days(e.name())) {
                    week.put(d, ranges);
                }
            }
        }
        return doc.problemCount() == before ? week : null;
    }

    private static int specificity(String key) {
        return switch (key) {
            case "daily" -> 0;
            case "mon-fri", "sat-sun" -> 1;
            default -> 2;
        };
    }

    private static List<DayOfWeek> days(String key) {
        return switch (key) {
            case "daily" -> List.of(DayOfWeek.values());
            case "mon-fri" -> List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
            case "sat-sun" -> List.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            default -> List.of(DayOfWeek.values()[DAY_KEYS.indexOf(key)]);
        };
    }

    /**
     * The ranges of one day's hours text, sorted.
     *
     * @throws IllegalArgumentException with the message to report
     */
    static List<TimeRange> parseDay(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("closed")) {
            return List.of();
        }
        if (t.equalsIgnoreCase("24h")) {
            return List.of(new TimeRange(LocalTime.MIDNIGHT, LocalTime.MAX));
        }
        List<TimeRange> ranges = new ArrayList<>();
        for (String part : t.split(",", -1)) {
            String p = part.trim();
            Matcher m = RANGE.matcher(p);
            if (!m.matches()) {
                throw new IllegalArgumentException("invalid hours '" + t + "' (allowed: " + HOURS_ALLOWED + ")");
            }
            LocalTime from = time(m.group(1), m.group(2), false, p);
            LocalTime to = time(m.group(3), m.group(4), true, p);
            if (!to.equals(LocalTime.MAX) && !from.isBefore(to)) {
                throw new IllegalArgumentException("range '" + p + "' must end after it starts (for hours past midnight write"
                        + " \"18:00-24:00\" on one day and \"00:00-06:00\" on the next)");
            }
            ranges.add(new TimeRange(from, to));
        }
        ranges.sort(Comparator.comparing(TimeRange::from));
        for (int i = 1; i < ranges.size(); i++) {
            TimeRange prev = ranges.get(i - 1);
            TimeRange cur = ranges.get(i);
            if (prev.to().equals(LocalTime.MAX) || cur.from().isBefore(prev.to())) {
                throw new IllegalArgumentException("ranges '" + prev.label() + "' and '" + cur.label() + "' overlap");
            }
        }
        return List.copyOf(ranges);
    }

    private static LocalTime time(String hh, String mm, boolean end, String range) {
        int h = Integer.parseInt(hh);
        int m = Integer.parseInt(mm);
        if (end && h == 24 && m == 0) {
            return LocalTime.MAX;
        }
        if (h > 23 || m > 59) {
            throw new IllegalArgumentException("invalid time '" + hh + ":" + mm + "' in '" + range
                    + "' (hours 00-23, minutes 00-59; 24:00 only as the end of a range)");
        }
        return LocalTime.of(h, m);
    }
}
