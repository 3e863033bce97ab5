package ascc.core.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.core.cluster.Fence;
import ascc.core.cluster.LeaseFailure;
import ascc.core.cluster.SqlLeaseStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.overflow.OverflowPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step rows claimed under the overflow lease (H2): once per caller, desk and step, and never by a stale holder. */
class OverflowStepsTest {
    private static final Instant T = Instant.parse("2026-12-06T01:00:00Z");
    @TempDir
    Path dir;
    private Database db;
    private SqlLeaseStore leases;

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        leases = new SqlLeaseStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static Overflow.Taken step(String caller, int no) {
        return new Overflow.Taken(caller, "L" + caller, "appliance", no, "voicemail company", 40, T);
    }

    @Test
    void theHolderClaimsAStepOnceAndASecondClaimOfTheSameStepIsSkipped() throws LeaseFailure {
        leases.hold(OverflowSteps.LEASE, "a", 0, Duration.ofHours(1));
        OverflowSteps a = OverflowSteps.fenced(db.dataSource(), () -> Optional.of(new Fence(OverflowSteps.LEASE, "a", 1)));
        assertEquals(OverflowSteps.Claim.TAKE, a.claim(step("c1", 1)));
        assertEquals(OverflowSteps.Claim.SKIP, a.claim(step("c1", 1)), "taken already");
        assertEquals(OverflowSteps.Claim.TAKE, a.claim(step("c1", 2)));
    }

    @Test
    void aStaleHolderOrANodeWithoutTheLeaseClaimsNothing() throws Exception {
        leases.hold(OverflowSteps.LEASE, "a", 0, Duration.ZERO);
        leases.hold(OverflowSteps.LEASE, "b", 0, Duration.ofHours(1));
        OverflowSteps stale = OverflowSteps.fenced(db.dataSource(), () -> Optional.of(new Fence(OverflowSteps.LEASE, "a", 1)));
        OverflowSteps none = OverflowSteps.fenced(db.dataSource(), Optional::empty);
        assertEquals(OverflowSteps.Claim.SKIP, stale.claim(step("c1", 1)));
        assertEquals(OverflowSteps.Claim.SKIP, none.claim(step("c1", 1)));
        assertEquals(Set.of(), OverflowSteps.takenSince(db.dataSource(), T.minusSeconds(60)));
    }

    @Test
    void aWithdrawnClaimCanBeClaimedAgainAndTheResyncReadsWhatIsTaken() throws Exception {
        leases.hold(OverflowSteps.LEASE, "b", 0, Duration.ofHours(1));
        OverflowSteps b = OverflowSteps.fenced(db.dataSource(), () -> Optional.of(new Fence(OverflowSteps.LEASE, "b", 1)));
        b.claim(step("c1", 1));
        b.claim(step("c2", 1));
        b.withdraw(step("c2", 1));
        assertEquals(Set.of(OverflowPolicy.takenKey("c1", 1)), OverflowSteps.takenSince(db.dataSource(), T.minusSeconds(60)));
        assertEquals(OverflowSteps.Claim.TAKE, b.claim(step("c2", 1)));
    }
}
