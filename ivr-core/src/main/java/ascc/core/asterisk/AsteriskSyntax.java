package ascc.core.asterisk;

import ascc.routing.config.Secret;

import java.util.regex.Pattern;

/**
 * Checks and escapes values before they go into Asterisk's {@code .conf} files, so that no config value
 * (an agent's display name, a secret, a host) can end a line, open a section or start a comment.
 *
 * <p>Asterisk's config parser reads line by line; {@code [name]} at a line start opens a section; an
 * unescaped {@code ;} starts a comment (it is written {@code \;} to stay part of the value, the parser
 * removes the backslash); leading and trailing blanks of a value are dropped. Everything rendered here is
 * therefore either restricted to a safe alphabet (names, hosts) or escaped (display names, secrets), and
 * line breaks or other control characters are always rejected.
 */
final class AsteriskSyntax {
    /** Section names and everything used in one (agent ids, desk ids, the AMI user). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    /** Host names, IPv4 and IPv6 literals. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9:][A-Za-z0-9.:-]{0,252}");
    /** PJSIP identify match: an address, a network (CIDR or netmask) or a host name. */
    private static final Pattern MATCH = Pattern.compile("[A-Za-z0-9:][A-Za-z0-9.:/-]{0,252}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private AsteriskSyntax() {
    }

    /** A section name or a part of one: letters, digits, '.', '_', '-', starting with a letter or digit, at most 63. */
    static String name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " " + quoted(value) + " is not usable as an Asterisk name: allowed are"
                    + " letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters");
        }
        return value;
    }

    /** A host name or IP literal. */
    static String host(String what, String value) {
        if (value == null || !HOST.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " " + quoted(value)
                    + " is not a host name or IP address (letters, digits, '.', ':', '-')");
        }
        return value;
    }

    /** An IP literal (IPv4 or IPv6); {@code localhost} is taken as 127.0.0.1. Used where Asterisk needs an address. */
    static String ipAddress(String what, String value) {
        if ("localhost".equals(value)) {
            return "127.0.0.1";
        }
        if (value != null) {
            var m = IPV4.matcher(value);
            if (m.matches()) {
                for (int i = 1; i <= 4; i++) {
                    if (Integer.parseInt(m.group(i)) > 255) {
                        throw new IllegalArgumentException(what + " " + quoted(value) + " is not a valid IPv4 address");
                    }
                }
                return value;
            }
            if (IPV6.matcher(value).matches()) {
                return value;
            }
        }
        throw new IllegalArgumentException(what + " " + quoted(value)
                + " must be an IP address (Asterisk binds and permits by address), e.g. 127.0.0.1");
    }

    /** One PJSIP identify {@code match} entry. */
    static String match(String what, String value) {
        if (value == null || !MATCH.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " " + quoted(value)
                    + " is not an address, network or host name (letters, digits, '.', ':', '/', '-')");
        }
        return value;
    }

    static int port(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " " + port + " is not a TCP/UDP port (1..65535)");
        }
        return port;
    }

    /** {@code host:port}, with IPv6 literals in brackets. */
    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * A display name made safe for a quoted caller id and a queue member name: control characters (line
     * breaks included) are rejected; characters with a meaning in those places are replaced ({@code "} by
     * {@code '}, {@code \} by {@code /}, {@code <>} by {@code ()}, {@code ,} by a blank); {@code ;} is escaped.
     */
    static String displayName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        StringBuilder sb = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isLineBreakOrControl(c)) {
                throw new IllegalArgumentException(what + " " + quoted(value) + " contains a line break or control character at index "
                        + i + "; it would break the rendered Asterisk config");
            }
            switch (c) {
                case '"' -> sb.append('\'');
                case '\\' -> sb.append('/');
                case '<' -> sb.append('(');
                case '>' -> sb.append(')');
                case ',' -> sb.append(' ');
                case ';' -> sb.append("\\;");
                default -> sb.append(c);
            }
        }
        return sb.toString().trim().replaceAll(" {2,}", " ");
    }

    /**
     * A secret as a config value: {@code ;} escaped; empty values, control characters and leading or trailing
     * blanks (which Asterisk would silently drop) are rejected. The message never contains the secret.
     */
    static String secret(String what, Secret secret) {
        String value = secret == null ? "" : secret.reveal();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException(what + " starts or ends with a blank, which Asterisk would drop");
        }
        StringBuilder sb = new StringBuilder(value.length() + 2);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isLineBreakOrControl(c)) {
                throw new IllegalArgumentException(what + " contains a line break or control character at index " + i);
            }
            if (c == ';') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private static boolean isLineBreakOrControl(char c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** The value in quotes with control characters shown as escapes, safe for messages and logs. */
    static String quoted(String value) {
        if (value == null) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length() && i < 80; i++) {
            char c = value.charAt(i);
            if (isLineBreakOrControl(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > 80) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }
}
