package ascc.core.ami;

import java.util.Locale;

/** Masks values that must not reach logs: secrets entirely, callers' numbers to their first 3 and last 2 digits. */
final class AmiMasking {
    private AmiMasking() {
    }

    static String maskValue(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.equals("secret") || k.equals("key") || k.contains("password")) {
            return value.isEmpty() ? "" : "****";
        }
        if ((k.equals("data") || k.equals("appdata") || k.equals("lastdata")) && value.startsWith("agi://")) {
            // AGI(agi://host/script,<AGI secret>,...): the arguments start with the deployment's AGI secret
            int comma = value.indexOf(',');
            return comma < 0 ? value : value.substring(0, comma) + ",****";
        }
        if (k.endsWith("calleridnum") || k.endsWith("connectedlinenum") || k.equals("dnid") || k.equals("callerid")) {
            return maskNumber(value);
        }
        return value;
    }

    /** {@code 0101234578} to {@code 010*****78}; short or non-numeric values such as {@code <unknown>} stay. */
    static String maskNumber(String number) {
        if (number == null) {
            return null;
        }
        int digits = 0;
        for (int i = 0; i < number.length(); i++) {
            if (Character.isDigit(number.charAt(i))) {
                digits++;
            }
        }
        if (digits < 6) {
            return number;
        }
        int keepHead = 3;
        int keepTail = 2;
        StringBuilder sb = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            boolean visible = i < keepHead || i >= number.length() - keepTail;
            sb.append(visible ? c : '*');
        }
        return sb.toString();
    }
}
