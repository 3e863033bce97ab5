package ascc.routing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking policy for customers' phone numbers in logs, AMI traces, exception messages and metrics.
 *
 * <ul>
 * <li>{@link #mask(String)}: a value known to be a number (a caller id, a dial target). Every digit is replaced by
 * {@code *} except those among the first 3 characters and the last 2 digits; separators ({@code + - . ( )} and
 * spaces) stay, so the format stays readable: {@code 01012345678} -> {@code 010******78}, {@code 010-1234-5678}
 * -> {@code 010-****-**78}, {@code +82 10 1234 5678} -> {@code +82 ** **** **78}. At most 5 digits are ever shown;
 * values of 5 digits or fewer show only the last 2 ({@code 12345} -> {@code ***45}). A value without digits
 * ({@code anonymous}, {@code <unknown>}) is not a number and stays; null or empty gives {@code -}.</li>
 * <li>{@link #maskText(String)}: free text (an AMI value, a channel name, an AGI command, a database message): every
 * run that looks like a phone number is masked as above. A phone number here is 8 to 15 digits, possibly split by
 * single separators into groups of at most 4 digits after the first ({@code 010-1234-5678}, {@code 02 123 4567},
 * {@code (010) 1234-5678}), that starts with {@code +} or {@code 0}, or with {@code 82} and has 11 or 12 digits
 * ({@code 821012345678}). It must stand alone: not glued to letters or digits, and not the tail of a
 * {@code name-} token (so the Asterisk channel sequence in {@code PJSIP/trunk-00000012} and the unique id
 * {@code 1733456789.12} stay readable).</li>
 * </ul>
 */
public final class Phones {
    private static final int KEEP_HEAD = 3;
    private static final int KEEP_TAIL = 2;
    private static final int MIN_DIGITS = 8;
    private static final int MAX_DIGITS = 15;

    /**
     * A candidate: optional {@code +} or {@code (}, a first digit group, then groups of 1-4 digits each after one
     * separator (space, {@code -}, {@code .}, or a parenthesis with an optional separator).
     */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\w.+*])(?<!\\w-)(?:\\+|\\(\\+?)?\\d+(?:(?:\\)[ .-]?|[ .-]\\(?|\\()\\d{1,4}(?![\\d]))*\\)?(?![\\w*])");

    private Phones() {
    }

    /** A number fit for logs (see the class comment); {@code -} for null or empty. */
    public static String mask(String number) {
        if (number == null || number.isEmpty()) {
            return "-";
        }
        int digits = countDigits(number);
        if (digits == 0) {
            return number;
        }
        int n = number.length();
        boolean keepHead = digits > KEEP_HEAD + KEEP_TAIL;
        StringBuilder sb = new StringBuilder(n);
        int seen = 0;
        for (int i = 0; i < n; i++) {
            char c = number.charAt(i);
            if (!isDigit(c)) {
                sb.append(c);
                continue;
            }
            seen++;
            boolean shown = digits > KEEP_TAIL && ((keepHead && i < KEEP_HEAD) || seen > digits - KEEP_TAIL);
            sb.append(shown ? c : '*');
        }
        return sb.toString();
    }

    /** Free text with every phone-number-like run masked (see the class comment); null stays null. */
    public static String maskText(String text) {
        if (text == null || text.length() < MIN_DIGITS) {
            return text;
        }
        Matcher m = CANDIDATE.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            String run = m.group();
            if (!looksLikePhone(run)) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            sb.append(text, last, m.start()).append(mask(run));
            last = m.end();
        }
        if (sb == null) {
            return text;
        }
        return sb.append(text, last, text.length()).toString();
    }

    /**
     * The digits of a number in its national form: separators dropped, {@code +82}/{@code 82} becomes {@code 0}
     * ({@code +82 10-1234-5678} -> {@code 01012345678}). For comparing numbers written in different formats.
     */
    public static String nationalDigits(String number) {
        StringBuilder d = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (isDigit(c)) {
                d.append(c);
            }
        }
        String digits = d.toString();
        if (digits.startsWith("82") && digits.length() >= 11 && (number.strip().startsWith("+") || digits.length() <= 12)) {
            String rest = digits.substring(2);
            return rest.startsWith("0") ? rest : "0" + rest;
        }
        return digits;
    }

    /** Whether a run found in free text is treated as a phone number (see the class comment). */
    static boolean looksLikePhone(String run) {
        int digits = countDigits(run);
        if (digits < MIN_DIGITS || digits > MAX_DIGITS) {
            return false;
        }
        int i = 0;
        while (i < run.length() && !isDigit(run.charAt(i))) {
            if (run.charAt(i) == '+') {
                return true;
            }
            i++;
        }
        char first = run.charAt(i);
        if (first == '0') {
            return true;
        }
        return first == '8' && i + 1 < run.length() && run.charAt(i + 1) == '2' && (digits == 11 || digits == 12);
    }

    private static int countDigits(String s) {
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            if (isDigit(s.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
