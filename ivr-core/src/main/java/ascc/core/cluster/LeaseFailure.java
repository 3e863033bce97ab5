package ascc.core.cluster;

import java.sql.SQLException;

/**
 * A lease or fenced write that failed, classified: {@link Kind#RETRIABLE} (the database is away or busy: the renewer
 * tries again at its next round, and the lease simply expires meanwhile) or {@link Kind#FATAL} (the lease table is
 * missing or the statement is wrong; or, for a fenced write, the lease moved on to another owner: retrying cannot help).
 */
public class LeaseFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** What the failure means for whoever made the call. */
    public enum Kind {
        RETRIABLE,
        FATAL
    }

    private final Kind kind;

    public LeaseFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * A database failure on lease {@code name}: FATAL only when the database says the work itself is wrong (constraint,
     * syntax, data); anything else (connection lost, timeout, deadlock, unknown) is RETRIABLE, since a lease renewal may
     * always be tried again: the lease expires by itself meanwhile and the holder stops acting before it does.
     */
    public static LeaseFailure of(String what, SQLException e) {
        boolean fatal = DbFailureText.fatal(e);
        return new LeaseFailure(fatal ? Kind.FATAL : Kind.RETRIABLE, DbFailureText.of(what, fatal, e), e);
    }
}
