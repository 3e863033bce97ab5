package ascc.core.durable;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.CRC32;

/**
 * The line format the codecs share: {@code tag TAB field1 TAB ... TAB fieldN TAB crc32-hex}. Fields are escaped: {@code \N}
 * for null, backslash, tab, CR and LF as {@code \\ \t \r \n}. The CRC covers everything before its tab.
 */
public final class SpoolLines {
    private SpoolLines() {
    }

    /** One line: the tag, the escaped fields and the checksum. */
    public static String join(String tag, String... fields) {
        StringBuilder sb = new StringBuilder(tag);
        for (String f : fields) {
            sb.append('\t').append(escape(f));
        }
        String crc = crc(sb.toString());
        return sb.append('\t').append(crc).toString();
    }

    /** The tag of a line (what precedes its first tab), or the whole line without one. */
    public static String tag(String line) {
        int tab = line.indexOf('\t');
        return tab < 0 ? line : line.substring(0, tab);
    }

    /**
     * The fields of a line with tag {@code tag} and {@code count} fields, unescaped.
     *
     * @throws IllegalArgumentException on a bad checksum, another tag or another number of fields
     */
    public static String[] split(String line, String tag, int count) {
        int lastTab = line.lastIndexOf('\t');
        if (lastTab < 0) {
            throw new IllegalArgumentException("no fields");
        }
        String body = line.substring(0, lastTab);
        if (!crc(body).equals(line.substring(lastTab + 1))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        String[] parts = body.split("\t", -1);
        if (parts.length != count + 1 || !tag.equals(parts[0])) {
            throw new IllegalArgumentException("expected " + tag + " and " + count + " fields, got " + parts.length + " parts");
        }
        String[] f = new String[count];
        for (int i = 0; i < count; i++) {
            f[i] = unescape(parts[i + 1]);
        }
        return f;
    }

    /** {@code toString()} of a value, null as null. */
    public static String str(Object o) {
        return o == null ? null : o.toString();
    }

    public static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    public static Long number(String s) {
        return s == null ? null : Long.valueOf(s);
    }

    private static String crc(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", c.getValue());
    }

    static String escape(String s) {
        if (s == null) {
            return "\\N";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(String s) {
        if ("\\N".equals(s)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw new IllegalArgumentException("dangling escape");
            }
            char n = s.charAt(i);
            switch (n) {
                case '\\' -> sb.append('\\');
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                default -> throw new IllegalArgumentException("unknown escape \\" + n);
            }
        }
        return sb.toString();
    }
}
