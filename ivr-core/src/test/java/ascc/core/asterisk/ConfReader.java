package ascc.core.asterisk;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code .conf} text the way Asterisk's config parser does for the parts that matter to injection
 * tests: one entry per line, {@code ;} starts a comment unless written {@code \;} (the backslash is then
 * removed), {@code [name]} opens a section (names may repeat), {@code key = value} or {@code key => value},
 * blanks around key and value dropped.
 */
final class ConfReader {
    record Entry(String key, String value) {
    }

    record Section(String name, List<Entry> entries) {
        String get(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).map(Entry::value).findFirst().orElse(null);
        }

        List<String> all(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).map(Entry::value).toList();
        }
    }

    private ConfReader() {
    }

    static List<Section> read(String text) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        for (String raw : text.split("\n", -1)) {
            String line = stripComment(raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                int end = line.indexOf(']');
                if (end < 0) {
                    throw new IllegalStateException("unterminated section header: " + raw);
                }
                current = new Section(line.substring(1, end), new ArrayList<>());
                sections.add(current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || current == null) {
                throw new IllegalStateException("not an option line: " + raw);
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1);
            if (value.startsWith(">")) {
                value = value.substring(1);
            }
            current.entries().add(new Entry(key, value.strip()));
        }
        return sections;
    }

    static List<Section> named(List<Section> sections, String name) {
        return sections.stream().filter(s -> s.name().equals(name)).toList();
    }

    private static String stripComment(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ';') {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '\\') {
                    sb.setCharAt(sb.length() - 1, ';');
                    continue;
                }
                break;
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
