package ascc.core.db;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/** Classifies {@link SQLException}s into {@link DbErrorKind}s by type, then SQL state, then MariaDB error code, then cause. */
public final class DbErrors {
    /** MariaDB: lock wait timeout, deadlock, connection killed, client-side "can't connect"/"server gone"/"lost connection". */
    private static final Set<Integer> RETRIABLE_CODES = Set.of(1205, 1213, 1927, 2002, 2003, 2006, 2013);

    private DbErrors() {
    }

    public static DbErrorKind classify(SQLException e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        Throwable t = e;
        while (t != null && seen.put(t, Boolean.TRUE) == null) {
            if (t instanceof SQLException s) {
                DbErrorKind kind = classifyOne(s);
                if (kind != DbErrorKind.UNKNOWN) {
                    return kind;
                }
                if (s.getNextException() != null && s.getNextException() != s.getCause()) {
                    DbErrorKind next = classify(s.getNextException());
                    if (next != DbErrorKind.UNKNOWN) {
                        return next;
                    }
                }
            } else if (t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException) {
                return DbErrorKind.RETRIABLE;
            }
            t = t.getCause();
        }
        return DbErrorKind.UNKNOWN;
    }

    private static DbErrorKind classifyOne(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException
            || e instanceof SQLNonTransientConnectionException) {
            return DbErrorKind.RETRIABLE;
        }
        if (e instanceof SQLIntegrityConstraintViolationException || e instanceof SQLSyntaxErrorException
            || e instanceof SQLDataException || e instanceof SQLFeatureNotSupportedException) {
            return DbErrorKind.FATAL;
        }
        String state = e.getSQLState();
        if (state != null && state.length() >= 2) {
            String cls = state.substring(0, 2);
            switch (cls) {
                case "08", "40" -> {
                    return DbErrorKind.RETRIABLE;
                }
                case "21", "22", "23", "42", "0A" -> {
                    return DbErrorKind.FATAL;
                }
                default -> {
                    if (state.startsWith("HYT")) {
                        return DbErrorKind.RETRIABLE;
                    }
                }
            }
        }
        if (RETRIABLE_CODES.contains(e.getErrorCode())) {
            return DbErrorKind.RETRIABLE;
        }
        return DbErrorKind.UNKNOWN;
    }
}
