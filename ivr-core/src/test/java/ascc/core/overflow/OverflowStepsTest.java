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
import java.util.List;
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
        assertEquals(Set.of(), OverflowSteps.claimsSince(db.dataSource(), T.minusSeconds(60)).all());
    }

    @Test
    void aWithdrawnClaimCanBeClaimedAgainAndTheResyncReadsWhatIsTaken() throws Exception {
        leases.hold(OverflowSteps.LEASE, "b", 0, Duration.ofHours(1));
        OverflowSteps b = OverflowSteps.fenced(db.dataSource(), () -> Optional.of(new Fence(OverflowSteps.LEASE, "b", 1)));
        b.claim(step("c1", 1));
        b.claim(step("c2", 1));
        b.withdraw(step("c2", 1));
        assertEquals(Set.of(OverflowPolicy.takenKey("c1", 1)), OverflowSteps.claimsSince(db.dataSource(), T.minusSeconds(60)).all());
        assertEquals(OverflowSteps.Claim.TAKE, b.claim(step("c2", 1)));
    }

    @Test
    void aClaimNotMarkedDoneIsTakenOverByTheNextHolderOnceAndADoneOneNever() throws Exception {
        leases.hold(OverflowSteps.LEASE, "a", 0, Duration.ofHours(1));
        OverflowSteps a = OverflowSteps.fenced(db.dataSource(), () -> Optional.of(new Fence(OverflowSteps.LEASE, "a", 1)));
        assertEquals(OverflowSteps.Claim.TAKE, a.claim(step("c1", 1))); // a is killed before the action
        assertEquals(OverflowSteps.Claim.TAKE, a.claim(step("c2", 1)));
        a.done(step("c2", 1));
        OverflowSteps.Claims seen = OverflowSteps.claimsSince(db.dataSource(), T.minusSeconds(60));
        assertEquals(Set.of(OverflowPolicy.takenKey("c2", 1)), seen.done());
        assertEquals(List.of(step("c1", 1)), seen.open());

        leases.release(OverflowSteps.LEASE, "a", 1); // a's lease lapses (a was killed); b gains it with the next token
        long tokenB = leases.hold(OverflowSteps.LEASE, "b", 0, Duration.ofHours(1));
        assertEquals(2, tokenB);
        OverflowSteps b = OverflowSteps.fenced(db.dataSource(), () -> Optional.of(new Fence(OverflowSteps.LEASE, "b", tokenB)));
        assertEquals(OverflowSteps.Claim.TAKE, b.claim(step("c1", 1)), "a's claim, never carried out, taken over");
        assertEquals(OverflowSteps.Claim.SKIP, b.claim(step("c1", 1)), "taken over once");
        assertEquals(OverflowSteps.Claim.SKIP, b.claim(step("c2", 1)), "done by a: never again");
        b.done(step("c1", 1));
        assertEquals(Set.of(OverflowPolicy.takenKey("c1", 1), OverflowPolicy.takenKey("c2", 1)),
                OverflowSteps.claimsSince(db.dataSource(), T.minusSeconds(60)).done());
    }
}
