package ascc.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class LeaseFailureTest {
    @Test
    void aLostConnectionOrTimeoutIsRetriable() {
        assertEquals(LeaseFailure.Kind.RETRIABLE, LeaseFailure.of("lease", new SQLTransientConnectionException("gone")).kind());
        assertEquals(LeaseFailure.Kind.RETRIABLE, LeaseFailure.of("lease", new SQLException("lock wait", "HY000", 1205)).kind());
    }

    @Test
    void anUnclassifiedDatabaseErrorIsRetriableSinceTheLeaseExpiresByItself() {
        assertEquals(LeaseFailure.Kind.RETRIABLE, LeaseFailure.of("lease", new SQLException("odd", "HY000", 9999)).kind());
    }

    @Test
    void aMissingTableOrAConstraintIsFatal() {
        assertEquals(LeaseFailure.Kind.FATAL, LeaseFailure.of("lease", new SQLSyntaxErrorException("no table cluster_lease")).kind());
        assertEquals(LeaseFailure.Kind.FATAL, LeaseFailure.of("write", new SQLIntegrityConstraintViolationException("dup")).kind());
    }

    @Test
    void aWriteUnderALeaseThatMovedOnIsFatal() {
        assertEquals(LeaseFailure.Kind.FATAL, new FencedOut(new Fence("overflow", "a", 1), "b", 2).kind());
    }
}
