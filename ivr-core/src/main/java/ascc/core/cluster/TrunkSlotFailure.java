package ascc.core.cluster;

import java.sql.SQLException;

/**
 * A trunk slot that could not be claimed, renewed or given back, classified: {@link Kind#RETRIABLE} (every slot in use,
 * no box up, the database away or busy: try again after a call ended or at the next round; nothing was dialed) or
 * {@link Kind#FATAL} (the slot table is missing or the statement is wrong: retrying cannot help).
 */
public class TrunkSlotFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** What the failure means for whoever asked. */
    public enum Kind {
        RETRIABLE,
        FATAL
    }

    private final Kind kind;

    public TrunkSlotFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** A database failure doing {@code what}: FATAL only when the database says the statement itself is wrong. */
    public static TrunkSlotFailure of(String what, SQLException e) {
        boolean fatal = DbFailureText.fatal(e);
        return new TrunkSlotFailure(fatal ? Kind.FATAL : Kind.RETRIABLE, DbFailureText.of(what, fatal, e), e);
    }
}
