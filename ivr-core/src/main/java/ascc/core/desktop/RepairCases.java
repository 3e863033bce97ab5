package ascc.core.desktop;

import ascc.routing.selfservice.CaseLookup;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The open repair cases of a caller's number with the call's company, shown in the screen pop: the repair partners' cases
 * of self-service (issue #15, {@code repair_case}), read through its {@link CaseLookup} ({@link #from}).
 */
@FunctionalInterface
public interface RepairCases {
    /** No repair cases. */
    RepairCases NONE = (company, number) -> List.of();

    /** Open repair cases of {@code number} (the full number; never log it) with {@code companyId} (null: none known). */
    List<RepairCase> open(String companyId, String number) throws SQLException;

    /** The open cases self-service knows, newest first: status, product, expected date and partner in one line. */
    static RepairCases from(CaseLookup lookup) {
        return (company, number) -> company == null || number == null || number.isBlank() ? List.of()
                : lookup.openCases(company, number).stream()
                        .map(c -> new RepairCase(c.caseId(), c.companyId(), c.status().name(), null, c.product()
                                + c.expectedDate().map(d -> ", expected " + d).orElse("") + " (" + c.partner() + ")"))
                        .toList();
    }

    /**
     * One repair case.
     *
     * @param id its id
     * @param companyId its company
     * @param status its state, as its owner names it
     * @param openedAt when it was opened, or null when its owner does not say
     * @param summary one line about it
     */
    record RepairCase(String id, String companyId, String status, Instant openedAt, String summary) {
    }
}
