package ascc.core.cluster;

import ascc.core.db.DbErrorKind;
import ascc.core.db.DbErrors;
import java.sql.SQLException;

/** The classification and wording shared by {@link LeaseFailure} and {@link TrunkSlotFailure} for a database failure. */
final class DbFailureText {
    private DbFailureText() {
    }

    /** FATAL only when the database says the statement itself is wrong (constraint, syntax, data); anything else retriable. */
    static boolean fatal(SQLException e) {
        return DbErrors.classify(e) == DbErrorKind.FATAL;
    }

    /** {@code "<what> failed (<KIND>, SQL state S, code C): message"}. */
    static String of(String what, boolean fatal, SQLException e) {
        return what + " failed (" + (fatal ? "FATAL" : "RETRIABLE") + ", SQL state " + e.getSQLState() + ", code "
                + e.getErrorCode() + "): " + e.getMessage();
    }
}
