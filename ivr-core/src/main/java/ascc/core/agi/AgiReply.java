package ascc.core.agi;

import ascc.routing.Phones;
import java.util.List;

/**
 * One reply from Asterisk.
 *
 * @param code 200, 510, 511, 520, ...
 * @param result the text after {@code result=} up to the first space (may be empty: GET DATA on timeout)
 * @param data the text in parentheses after the result, or null ({@code (timeout)}, a variable's value)
 * @param extra what follows, e.g. {@code endpos=1234}; empty when nothing
 * @param lines every line of the reply (several for {@code 520-} usage replies)
 */
record AgiReply(int code, String result, String data, String extra, List<String> lines) {
    private static final String RESULT = "result=";

    AgiReply {
        lines = List.copyOf(lines);
    }

    /** True when the line starts like a reply: three digits and a space or dash (or nothing). */
    static boolean looksLikeReply(String line) {
        return line.length() >= 3 && Character.isDigit(line.charAt(0)) && Character.isDigit(line.charAt(1))
            && Character.isDigit(line.charAt(2)) && (line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '-');
    }

    static int codeOf(String line) {
        return Integer.parseInt(line.substring(0, 3));
    }

    /** Parses a single-line reply ({@code 200 result=1 (value) endpos=5}); other codes keep only the text. */
    static AgiReply parse(String line) {
        int code = codeOf(line);
        String rest = line.length() > 4 ? line.substring(4) : "";
        if (code != 200 || !rest.startsWith(RESULT)) {
            return new AgiReply(code, "", null, rest, List.of(line));
        }
        rest = rest.substring(RESULT.length());
        int space = rest.indexOf(' ');
        String result = space < 0 ? rest : rest.substring(0, space);
        String tail = space < 0 ? "" : rest.substring(space + 1).stripLeading();
        String data = null;
        String extra = tail;
        if (tail.startsWith("(")) {
            int close = tail.lastIndexOf(')');
            if (close < 0) {
                data = tail.substring(1);
                extra = "";
            } else {
                data = tail.substring(1, close);
                extra = tail.substring(close + 1).strip();
            }
        }
        return new AgiReply(code, result, data, extra, List.of(line));
    }

    /** The result as a number; a non-number is a protocol error carrying the command. */
    int resultAsInt(String command) {
        try {
            return Integer.parseInt(result);
        } catch (NumberFormatException e) {
            throw new AgiCommandException(Phones.maskText(command), code, text(), "reply result is not a number: '" + result + "'");
        }
    }

    String text() {
        return Phones.maskText(String.join("\n", lines));
    }
}
