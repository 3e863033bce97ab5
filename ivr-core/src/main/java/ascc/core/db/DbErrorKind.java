package ascc.core.db;

/** What a failed database call means for the writer that made it. */
public enum DbErrorKind {
    /** The database is (briefly) unreachable, timed out or rolled back a deadlock: retry the same work later. */
    RETRIABLE,
    /** The work itself is wrong (constraint, syntax, data too long): retrying cannot help. */
    FATAL,
    /** Neither of the above by type, SQL state or vendor code: retry a few times, then treat as fatal. */
    UNKNOWN
}
