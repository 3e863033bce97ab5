package ascc.testsupport.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks customers' numbers in what the test harness itself logs (SIPp command lines, SIP messages in SIPp's stderr,
 * file names): every run of 8 to 15 digits starting with 0 keeps its first 3 and last 2 digits. The product's policy
 * is {@code ascc.routing.Phones} (test-support cannot depend on routing: routing's tests depend on test-support);
 * ivr-core's PiiLogScanIT checks the harness's lines as strictly as the engine's.
 */
public final class HarnessMasking {
    private static final Pattern NUMBER = Pattern.compile("(?<!\\d)(\\+82|0)\\d{7,14}(?!\\d)");

    private HarnessMasking() {
    }

    /** The text with every customer-number-like digit run masked; null stays null. */
    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = NUMBER.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            String n = m.group();
            m.appendReplacement(sb, n.substring(0, 3) + "*".repeat(n.length() - 5) + n.substring(n.length() - 2));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
