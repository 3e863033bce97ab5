package ascc.core.campaign;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a target may be dialed: the do-not-call list (global, then the company's own) always wins, then only customers
 * with marketing consent are dialable. Pure.
 */
public enum Dialability {
    /** May be called. */
    DIALABLE,
    /** On the global or the company's do-not-call list, whatever the consent. */
    DO_NOT_CALL,
    /** No marketing consent. */
    NO_CONSENT;

    /** The verdict for {@code phone} (normalized digits) of {@code company}'s campaign. */
    public static Dialability of(String company, String phone, boolean consent, DoNotCallList dnc) {
        if (dnc.blocks(company, phone)) {
            return DO_NOT_CALL;
        }
        return consent ? DIALABLE : NO_CONSENT;
    }

    /**
     * A snapshot of the do-not-call table.
     *
     * @param global numbers no company may call
     * @param byCompany numbers each company may not call
     */
    public record DoNotCallList(Set<String> global, Map<String, Set<String>> byCompany) {
        /** Nobody is blocked. */
        public static final DoNotCallList EMPTY = new DoNotCallList(Set.of(), Map.of());

        public DoNotCallList {
            global = Set.copyOf(global);
            byCompany = Map.copyOf(byCompany);
        }

        /** True if {@code company} must not call {@code phone}. */
        public boolean blocks(String company, String phone) {
            Objects.requireNonNull(phone, "phone");
            return global.contains(phone) || byCompany.getOrDefault(company, Set.of()).contains(phone);
        }
    }
}
