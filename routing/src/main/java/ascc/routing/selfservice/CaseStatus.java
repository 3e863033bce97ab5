package ascc.routing.selfservice;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a repair case stands, as a repair partner reports it ({@code repair_case.status}). */
public enum CaseStatus {
    /** The partner received the product. */
    RECEIVED,
    /** Being repaired. */
    IN_REPAIR,
    /** Waiting for parts. */
    WAITING_PARTS,
    /** Repaired and shipped back to the customer. */
    SHIPPED,
    /** Closed: the customer has the product back. */
    DONE,
    /** Cancelled (no repair). */
    CANCELLED;

    /** Whether a caller asking about this case is told about it: every status but DONE and CANCELLED. */
    public boolean open() {
        return this != DONE && this != CANCELLED;
    }

    /** The id partners send and admins see, e.g. {@code in-repair}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** By id ({@code in-repair}) or name ({@code IN_REPAIR}), case-insensitive. */
    public static Optional<CaseStatus> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String n = s.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(v -> v.name().equals(n)).findFirst();
    }

    /** Every id, for "allowed: ..." messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(CaseStatus::id).collect(Collectors.joining(", "));
    }
}
