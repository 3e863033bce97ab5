package ascc.routing.selfservice;

import ascc.routing.Phones;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One repair partner's case, as stored in {@code repair_case}. {@link #toString()} masks the customer's number.
 *
 * @param caseId the partner's case number, digits only so a caller can key it in ({@value #CASE_ID_PATTERN})
 * @param companyId the company (companies.yaml id) whose product it is
 * @param phone the customer's number, normalised to digits ({@code 01012345678}); personal data: never log it unmasked
 * @param product what is repaired, free text for the agent
 * @param status where it stands
 * @param expectedDate when the partner expects to finish, if known
 * @param partner the repair partner, free text
 */
public record RepairCase(String caseId, String companyId, String phone, String product, CaseStatus status,
        Optional<LocalDate> expectedDate, String partner) {
    /** A case id: 4 to 20 digits. */
    public static final String CASE_ID_PATTERN = "[0-9]{4,20}";
    private static final Pattern CASE_ID = Pattern.compile(CASE_ID_PATTERN);
    /** Longest product and partner text. */
    public static final int MAX_TEXT = 100;

    public RepairCase {
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(status, () -> "status (case " + caseId + ")");
        Objects.requireNonNull(expectedDate, "expectedDate (Optional.empty() for none)");
        product = product == null ? "" : product;
        partner = partner == null ? "" : partner;
        if (!validCaseId(caseId)) {
            throw new IllegalArgumentException("case id must be 4 to 20 digits (case " + abbreviate(caseId) + ")");
        }
    }

    public static boolean validCaseId(String s) {
        return s != null && CASE_ID.matcher(s).matches();
    }

    private static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 24) + "..." : s;
    }

    @Override
    public String toString() {
        return "RepairCase[caseId=" + caseId + ", companyId=" + companyId + ", phone=" + Phones.mask(phone) + ", product=" + product
                + ", status=" + status + ", expectedDate=" + expectedDate.map(LocalDate::toString).orElse("-") + ", partner="
                + partner + "]";
    }
}
