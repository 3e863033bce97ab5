package ascc.core.overflow;

import ascc.routing.overflow.OverflowPolicy;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The rule for a step an earlier overflow lease holder claimed and did not mark done ({@link OverflowSteps}: killed
 * between the claim and the action, or between the action and confirming it). The new holder asks Asterisk's truth as its
 * own AMI view of the caller shows it (every node follows every box's callers, lease or not):
 * <ul>
 *   <li>the caller is waiting in the step's queue now, this node saw them join it once only, and no move of theirs is
 *       under way: the action cannot have happened (a moving step takes the caller out of the queue; a caller back from
 *       an offer joined again) -> {@link Verdict#REDO}: the policy decides the step anew and its claim takes the old one
 *       over, so it is carried out once;</li>
 *   <li>the step offered a callback and the caller, known here, is out of the queue and not hung up: they are in the
 *       offer -> {@link Verdict#IN_OFFER}: marked done, and their answer to the offer is handled by this node;</li>
 *   <li>anything else (moved, hung up, back after the move, unknown to this node) -> {@link Verdict#DONE}: marked done,
 *       never redone (at most once where the truth cannot be told).</li>
 * </ul>
 * Membership steps (add agents, widen) are re-applied by every new holder from the plan anyway; redoing their claim
 * changes nothing in Asterisk.
 */
final class StaleClaims {
    private static final Logger LOG = LoggerFactory.getLogger(StaleClaims.class);
    private static final String OFFER = OverflowSteps.OFFER;

    /** What to do with a claim that is not done. */
    enum Verdict {
        REDO,
        IN_OFFER,
        DONE
    }

    private StaleClaims() {
    }

    /**
     * A new holder's resync (on the overflow actor): the done steps go to {@code taken}; callers of done callback offers
     * still in the offer, and of open claims judged {@link Verdict#IN_OFFER}, to {@code offered}; open claims judged
     * {@link Verdict#REDO} are left out of {@code taken} (decided anew), the others put in it and handed to {@code markDone}.
     */
    static void apply(OverflowSteps.Claims claims, Function<Overflow.Taken, Verdict> judge, Set<String> taken,
                      BiConsumer<String, String> offered, Consumer<Overflow.Taken> markDone) {
        taken.addAll(claims.done());
        for (Overflow.Taken t : claims.offers()) {
            if (judge.apply(t) == Verdict.IN_OFFER) {
                offered.accept(t.uniqueId(), t.deskId()); // the caller's answer to the offer is handled here now
            }
        }
        for (Overflow.Taken t : claims.open()) {
            Verdict v = judge.apply(t);
            LOG.warn("overflow step {} of desk {} on caller {} ({}) was claimed by an earlier holder and not marked done: {}",
                    t.stepNo(), t.deskId(), t.uniqueId(), t.action(), v);
            String key = OverflowPolicy.takenKey(t.uniqueId(), t.stepNo());
            if (v == Verdict.REDO) {
                taken.remove(key);
                continue;
            }
            taken.add(key);
            if (v == Verdict.IN_OFFER) {
                offered.accept(t.uniqueId(), t.deskId());
            }
            markDone.accept(t);
        }
    }

    /**
     * @param joins how many times this node saw the caller join a queue (0: unknown here, or hung up)
     * @param beingMoved this node is moving the caller or has them in an offer already
     * @param waiting the caller is waiting in the step's desk's queue now
     */
    static Verdict judge(Overflow.Taken claim, int joins, boolean beingMoved, boolean waiting) {
        if (beingMoved || joins == 0) {
            return Verdict.DONE;
        }
        if (waiting) {
            return joins == 1 ? Verdict.REDO : Verdict.DONE;
        }
        return OFFER.equals(claim.action()) ? Verdict.IN_OFFER : Verdict.DONE;
    }
}
