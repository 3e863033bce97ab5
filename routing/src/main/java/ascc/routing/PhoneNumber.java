package ascc.routing;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Korean phone number a customer gave (web form, SMS or e-mail gateway), validated and normalised to its national
 * digits, the form the trunk dials and caller ids arrive in: {@code 010-1234-5678}, {@code 010 1234 5678},
 * {@code +82 10-1234-5678}, {@code +82-(0)10...}, {@code 0082 10 ...} all become {@code 01012345678}; {@code 02-123-4567}
 * becomes {@code 021234567}. Accepted after normalising:
 * <ul>
 *   <li>mobile {@code 010} + 8 digits, and the old {@code 011 016 017 018 019} + 7 or 8 digits;</li>
 *   <li>Seoul {@code 02} + 7 or 8 digits; the other area codes ({@code 031-033, 041-044, 051-055, 061-064}) + 7 or 8;</li>
 *   <li>internet phones {@code 070} + 8 digits;</li>
 *   <li>nationwide service numbers {@code 15xx, 16xx, 18xx} + 4 digits (8 digits, no leading 0).</li>
 * </ul>
 * Separators allowed in the input: spaces, {@code - . ( ) /}; anything else (letters, a second {@code +}) is refused.
 * {@link #toString()} is masked ({@link Phones#mask}); only {@link #digits()} gives the number, at the place it is dialed
 * or stored.
 */
public final class PhoneNumber {
    /** What a refused number is told (never echoing it). */
    public static final String ALLOWED = "a Korean number, e.g. 010-1234-5678, 02-123-4567 or +82 10-1234-5678";
    private static final Pattern SHAPE = Pattern.compile("\\+?[0-9 ().\\-/]{1,40}");
    private static final Pattern VALID = Pattern.compile(
            "010\\d{8}|01[16789]\\d{7,8}|02\\d{7,8}|0(?:3[1-3]|4[1-4]|5[1-5]|6[1-4])\\d{7,8}|070\\d{8}|1[568]\\d{6}");

    private final String digits;

    private PhoneNumber(String digits) {
        this.digits = digits;
    }

    /** The number in {@code input}, normalised; empty when it is not a valid Korean number. */
    public static Optional<PhoneNumber> parse(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String s = input.strip();
        if (!SHAPE.matcher(s).matches()) {
            return Optional.empty();
        }
        boolean plus = s.startsWith("+");
        String d = s.replaceAll("[^0-9]", "");
        if (plus) {
            if (!d.startsWith("82")) {
                return Optional.empty(); // another country
            }
            d = d.substring(2);
        } else if (d.startsWith("0082")) {
            d = d.substring(4);
        } else if (d.startsWith("82") && d.length() >= 10 && d.length() <= 12 && d.charAt(2) != '0'
                && !VALID.matcher(d).matches()) {
            d = d.substring(2); // 821012345678: the country code without its +
        }
        if (plus || s.startsWith("0082") || d.length() != s.replaceAll("[^0-9]", "").length()) {
            // after a country code: "(0)10..." or "010..." or "10..." all mean the national 010...
            if (!d.startsWith("0") && !d.matches("1[568]\\d{6}")) {
                d = "0" + d;
            }
        }
        return VALID.matcher(d).matches() ? Optional.of(new PhoneNumber(d)) : Optional.empty();
    }

    /** The national digits, e.g. {@code 01012345678}: for dialing and storing only, never for a log line. */
    public String digits() {
        return digits;
    }

    /** True for a mobile number (text messages reach it). */
    public boolean mobile() {
        return digits.startsWith("01");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhoneNumber p && p.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(digits);
    }

    /** Masked. */
    @Override
    public String toString() {
        return Phones.mask(digits);
    }
}
