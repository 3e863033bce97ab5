package ascc.core.agi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks customers' phone numbers for logs: first 3 and last 2 characters kept ({@code 010*****78}). */
final class Masking {
    private static final Pattern DIGIT_RUN = Pattern.compile("\\+?\\d{6,}");

    private Masking() {
    }

    /** Masks one caller number; values without digits ({@code unknown}, {@code anonymous}) are kept. */
    static String phone(String number) {
        if (number == null || number.isEmpty()) {
            return "";
        }
        if (number.chars().noneMatch(Character::isDigit)) {
            return number;
        }
        int n = number.length();
        if (n <= 5) {
            return "*".repeat(n);
        }
        return number.substring(0, 3) + "*".repeat(n - 5) + number.substring(n - 2);
    }

    /** Masks every run of 6 or more digits in free text (commands, replies). */
    static String digitRuns(String text) {
        Matcher m = DIGIT_RUN.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(phone(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
