package ascc.routing.selfservice;

import java.util.List;
import java.util.Optional;

/** Finds repair cases for the IVR; the engine reads {@code repair_case}. A failing look-up throws {@link CaseLookupException}. */
public interface CaseLookup {
    /** No cases anywhere (self-service without the database, tests). */
    CaseLookup NONE = new CaseLookup() {
        @Override
        public List<RepairCase> openCases(String companyId, String phone) {
            return List.of();
        }

        @Override
        public Optional<RepairCase> byId(String companyId, String caseId) {
            return Optional.empty();
        }
    };

    /** The open cases of this company for this customer number (normalised digits), most recent first, at most a few. */
    List<RepairCase> openCases(String companyId, String phone);

    /** The case with this id, if it is this company's. */
    Optional<RepairCase> byId(String companyId, String caseId);

    /** The look-up could not be done (database away); the flow goes on without case status. */
    final class CaseLookupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CaseLookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
