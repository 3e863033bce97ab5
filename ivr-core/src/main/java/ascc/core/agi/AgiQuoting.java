package ascc.core.agi;

/** Quotes AGI command arguments the way Asterisk's {@code parse_args} reads them back. */
final class AgiQuoting {
    private AgiQuoting() {
    }

    /**
     * {@code say "hi"} → {@code "say \"hi\""}; backslashes doubled.
     *
     * @throws IllegalArgumentException for line breaks or NUL, which would end or corrupt the command
     */
    static String quote(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException("AGI argument " + what + " is null");
        }
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == 0) {
                throw new IllegalArgumentException(String.format("AGI argument %s contains a %s at index %d; refusing to send it",
                    what, c == 0 ? "NUL" : "line break", i));
            }
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
