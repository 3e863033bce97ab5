package ascc.core.db;

/** A migration could not be read, checked or applied; fatal at start. The message names the file. */
public class MigrationException extends DatabaseException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
