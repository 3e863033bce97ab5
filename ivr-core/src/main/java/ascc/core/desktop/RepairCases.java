package ascc.core.desktop;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The hook for the self-service helper's repair cases (issue #15): the open repair cases of a caller's number, shown in
 * the screen pop. Until that table exists the engine wires {@link #NONE}; the self-service feature passes its own reader
 * to {@link AgentDesktop} (one line in {@code DesktopFeature}) and the pop shows them without other changes.
 */
@FunctionalInterface
public interface RepairCases {
    /** No repair cases (the self-service feature is not there). */
    RepairCases NONE = number -> List.of();

    /** Open repair cases of {@code number} (the full number; never log it), oldest first. */
    List<RepairCase> open(String number) throws SQLException;

    /**
     * One repair case.
     *
     * @param id its id
     * @param companyId its company
     * @param status its state, as its owner names it
     * @param openedAt when it was opened
     * @param summary one line about it
     */
    record RepairCase(String id, String companyId, String status, Instant openedAt, String summary) {
    }
}
