package ascc.core.ami;

import ascc.routing.Phones;
import java.util.Locale;

/**
 * Masks values that must not reach logs: secrets entirely; callers' numbers and every phone-number-like run in any
 * other value (a Local channel's {@code Local/01012345678@...}, an Originate's {@code Exten}, a CDR's
 * {@code Destination}) by the project's one policy, {@link Phones}.
 */
final class AmiMasking {
    private AmiMasking() {
    }

    static String maskValue(String key, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        String k = key.toLowerCase(Locale.ROOT);
        if (k.equals("secret") || k.equals("key") || k.contains("password")) {
            return "****";
        }
        if ((k.equals("data") || k.equals("appdata") || k.equals("lastdata")) && value.startsWith("agi://")) {
            // AGI(agi://host/script,<AGI secret>,...): the arguments start with the deployment's AGI secret
            int comma = value.indexOf(',');
            return comma < 0 ? value : value.substring(0, comma) + ",****";
        }
        if (k.endsWith("calleridnum") || k.endsWith("connectedlinenum") || k.equals("dnid") || k.equals("callerid")
                || k.equals("source") || k.equals("src")) {
            return Phones.mask(value);
        }
        return Phones.maskText(value);
    }
}
