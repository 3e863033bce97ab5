package ascc.core.calls;

/** Masks customers' phone numbers for logs: first 3 and last 2 digits kept, e.g. {@code 010*****78}. */
final class PhoneMask {
    private PhoneMask() {
    }

    static String mask(String number) {
        if (number == null || number.isEmpty()) {
            return number;
        }
        if (number.length() <= 5) {
            return "*".repeat(number.length());
        }
        return number.substring(0, 3) + "*".repeat(number.length() - 5) + number.substring(number.length() - 2);
    }
}
