package ascc.routing;

import java.util.Optional;

/**
 * What the caller wants, chosen in the inquiry menu. Menu digits follow declaration order (1 = fault, ...).
 * TODO(inbound-routing): per-company wording and order, and priority rules (e.g. a repeat fault report
 * within N days raises the queue priority), are not implemented yet.
 */
public enum InquiryType {
    /** Fault or repair intake. */
    FAULT("fault"),
    /** How to use the product. */
    HOWTO("howto"),
    /** Buying a product, parts or accessories. */
    PURCHASE("purchase"),
    /** Anything else; also the default when the caller chooses nothing valid. */
    OTHER("other");

    private final String id;

    InquiryType(String id) {
        this.id = id;
    }

    /** Id used in channel variables ({@code __CC_INQUIRY}), call records and rule text. */
    public String id() {
        return id;
    }

    /** The menu digit, 1-based. */
    public int digit() {
        return ordinal() + 1;
    }

    /** The type for one menu answer: exactly one digit 1..4; anything else (null, garbage, too long) is empty. */
    public static Optional<InquiryType> byDigit(String input) {
        int choice = Router.menuChoice(input, values().length);
        return choice == 0 ? Optional.empty() : Optional.of(values()[choice - 1]);
    }

    public static Optional<InquiryType> byId(String id) {
        for (InquiryType t : values()) {
            if (t.id.equals(id)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
