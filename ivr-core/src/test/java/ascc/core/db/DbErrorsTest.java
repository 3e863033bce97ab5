package ascc.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DbErrorsTest {
    @Test
    void connectionTimeoutAndRecoverableErrorsAreRetriable() {
        assertEquals(DbErrorKind.RETRIABLE, DbErrors.classify(new SQLTransientConnectionException("ascc-db - request timed out")));
        assertEquals(DbErrorKind.RETRIABLE, DbErrors.classify(new SQLTimeoutException("query timeout")));
        assertEquals(DbErrorKind.RETRIABLE, DbErrors.classify(new SQLTransactionRollbackException("deadlock", "40001")));
        assertEquals(DbErrorKind.RETRIABLE, DbErrors.classify(new SQLRecoverableException("socket closed")));
        assertEquals(DbErrorKind.RETRIABLE, DbErrors.classify(new SQLNonTransientConnectionException("server gone", "08S01")));
    }

    @Test
    void constraintSyntaxAndDataErrorsAreFatal() {
        assertEquals(DbErrorKind.FATAL, DbErrors.classify(new SQLIntegrityConstraintViolationException("dup", "23000", 1062)));
        assertEquals(DbErrorKind.FATAL, DbErrors.classify(new SQLSyntaxErrorException("bad sql", "42000", 1064)));
        assertEquals(DbErrorKind.FATAL, DbErrors.classify(new SQLDataException("too long", "22001", 1406)));
    }

    @Test
    void plainSqlExceptionIsClassifiedBySqlStateThenVendorCode() {
        assertEquals(DbErrorKind.RETRIABLE, DbErrors.classify(new SQLException("link failure", "08001")));
        assertEquals(DbErrorKind.RETRIABLE, DbErrors.classify(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
        assertEquals(DbErrorKind.RETRIABLE, DbErrors.classify(new SQLException("Deadlock found", "HY000", 1213)));
        assertEquals(DbErrorKind.FATAL, DbErrors.classify(new SQLException("Duplicate entry", "23000", 1062)));
        assertEquals(DbErrorKind.FATAL, DbErrors.classify(new SQLException("Table doesn't exist", "42S02", 1146)));
        assertEquals(DbErrorKind.UNKNOWN, DbErrors.classify(new SQLException("something odd", "HY000", 1)));
    }

    @Test
    void looksThroughCausesForTheReason() {
        assertEquals(DbErrorKind.RETRIABLE, DbErrors.classify(new SQLException("wrapped", "HY000", 0,
            new SQLTransientConnectionException("pool timeout"))));
        assertEquals(DbErrorKind.RETRIABLE, DbErrors.classify(new SQLException("wrapped", null, 0, new ConnectException("refused"))));
        SQLException batch = new SQLException("batch failed");
        batch.setNextException(new SQLIntegrityConstraintViolationException("dup"));
        assertEquals(DbErrorKind.FATAL, DbErrors.classify(batch));
    }
}
