package ascc.routing;

import java.util.Optional;

/**
 * What the caller wants, chosen in the inquiry menu. By default menu digits follow declaration order
 * (1 = fault, ...); a company may choose its own order and subset ({@code inquiry-types} in companies.yaml) and
 * its own wording (its prompt set in recordings.yaml). A repeat fault report can raise queue priority
 * ({@code center.repeat-fault-priority}).
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

    /** The type for one menu answer in a company's own menu order: digit {@code n} is {@code order.get(n - 1)}. */
    public static Optional<InquiryType> byDigit(String input, java.util.List<InquiryType> order) {
        int choice = Router.menuChoice(input, order.size());
        return choice == 0 ? Optional.empty() : Optional.of(order.get(choice - 1));
    }

    /** Comma-separated ids, for error messages. */
    public static String allowedIds() {
        return String.join(", ", java.util.Arrays.stream(values()).map(InquiryType::id).toList());
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
