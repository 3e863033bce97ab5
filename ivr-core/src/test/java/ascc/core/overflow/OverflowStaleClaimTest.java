package ascc.core.overflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.core.agents.AgentStateTracker;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiMessage;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.OverflowConfig.Step;
import ascc.routing.overflow.OverflowPolicy;
import ascc.testsupport.time.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A step claimed by an overflow lease holder that is killed before it marks the step done (StaleClaims): the next holder
 * carries it out once when the action cannot have happened, and never again when it did. Two holders (two Overflow
 * instances, tokens 1 and 2) share hand-written step rows; "killed" means the holder's actor runs nothing more.
 */
class OverflowStaleClaimTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T01:00:00Z"));
    private final Rows rows = new Rows();
    private final List<String> accepted = new ArrayList<>();
    private CenterConfig config;
    private AgentStateTracker tracker;

    /** call_overflow_step as the fenced store keeps it: key -> claim token and done. */
    static final class Rows {
        final Map<String, long[]> byKey = new HashMap<>();
        final Map<String, Overflow.Taken> steps = new HashMap<>();

        OverflowSteps.Claims claims() {
            Set<String> done = new HashSet<>();
            List<Overflow.Taken> open = new ArrayList<>();
            List<Overflow.Taken> offers = new ArrayList<>();
            byKey.forEach((k, r) -> {
                if (r[1] == 0) {
                    open.add(steps.get(k));
                } else {
                    done.add(k);
                    if (OverflowSteps.OFFER.equals(steps.get(k).action())) {
                        offers.add(steps.get(k));
                    }
                }
            });
            return new OverflowSteps.Claims(done, open, offers);
        }

        String state(String caller, int step) {
            long[] r = byKey.get(OverflowPolicy.takenKey(caller, step));
            return r == null ? "none" : (r[1] == 1 ? "done" : "claimed") + " by token " + r[0];
        }
    }

    /** One holder: claims and marks done under {@code token}; {@code dies} runs right after the claim or the action. */
    final class Holder implements OverflowSteps {
        final long token;
        final OverflowTest.FakeAmi ami = new OverflowTest.FakeAmi();
        boolean killed;
        boolean dieAfterClaim;
        boolean dieBeforeDone;
        Overflow overflow;

        Holder(long token, Step step) {
            this.token = token;
            OverflowConfig cfg = new OverflowConfig(Map.of("appliance", List.of(step)), Map.of(), OverflowConfig.CallbackRules.DEFAULT,
                    "PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
            overflow = new Overflow(() -> cfg, () -> config, tracker, ami, clock, this, new Overflow.Callbacks() {
                @Override
                public void accepted(Overflow.Accepted a) {
                    accepted.add(a.uniqueId() + " by token " + token);
                }

                @Override
                public Instant placeholderJoined(String exten) {
                    return null;
                }
            }, r -> {
                if (!killed) {
                    r.run();
                }
            }, Runnable::run);
        }

        @Override
        public Claim claim(Overflow.Taken t) {
            String key = OverflowPolicy.takenKey(t.uniqueId(), t.stepNo());
            long[] r = rows.byKey.get(key);
            if (r != null && (r[1] == 1 || r[0] >= token)) {
                return Claim.SKIP;
            }
            rows.byKey.put(key, new long[] {token, 0});
            rows.steps.put(key, t);
            killed |= dieAfterClaim;
            return Claim.TAKE;
        }

        @Override
        public void done(Overflow.Taken t) {
            if (dieBeforeDone) {
                killed = true;
                return;
            }
            long[] r = rows.byKey.get(OverflowPolicy.takenKey(t.uniqueId(), t.stepNo()));
            if (r != null && r[0] <= token) {
                r[0] = token;
                r[1] = 1;
            }
        }

        void check() {
            overflow.check();
        }

        void join(String uniqueId) {
            overflow.onEvent(new AmiEvent("QueueCallerJoin", AmiMessage.of("Event", "QueueCallerJoin", "Queue", "desk-appliance",
                    "Uniqueid", uniqueId, "Linkedid", "L" + uniqueId, "Channel", "PJSIP/anonymous-" + uniqueId, "CallerIDNum",
                    "01055501234"), clock.instant()));
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        tracker = new AgentStateTracker(clock, () -> config, 20, i -> { });
        tracker.memberAdded("desk-appliance", "2101", false, null);
    }

    private static Step offerAfter(int seconds) {
        return new Step(new OverflowConfig.WaitedAtLeast(seconds), new OverflowConfig.OfferCallback());
    }

    private static Step voicemailAfter(int seconds) {
        return new Step(new OverflowConfig.WaitedAtLeast(seconds), new OverflowConfig.Voicemail());
    }

    /**
     * Holders of tokens 1 and 2 with {@code step}; both follow caller c1 (every node follows every box's callers), whose
     * step is due.
     */
    private Holder[] holdersWithCallerWaiting(Step step) {
        Holder[] h = {new Holder(1, step), new Holder(2, step)};
        tracker.callerJoined("desk-appliance", "c1");
        h[0].join("c1");
        h[1].join("c1");
        clock.advance(Duration.ofSeconds(5));
        return h;
    }

    @Test
    void aHolderKilledAfterTheClaimBeforeTheActionLeavesTheStepToTheNextHolderWhoTakesItOnce() {
        Holder[] h = holdersWithCallerWaiting(voicemailAfter(5));
        Holder a = h[0];
        Holder b = h[1];
        a.dieAfterClaim = true;
        a.check();
        assertEquals(0, a.ami.named("Redirect").size(), "killed before the Redirect");
        assertEquals("claimed by token 1", rows.state("c1", 1));

        b.overflow.resync(rows.claims()); // b gains the lease: the caller still waits, joined once
        b.check();
        b.check();
        assertEquals(1, b.ami.named("Redirect").size(), "moved once, by the next holder");
        assertEquals("done by token 2", rows.state("c1", 1));
    }

    @Test
    void aHolderKilledAfterTheActionBeforeMarkingItDoneIsNotRedoneByTheNextHolder() {
        Holder[] h = holdersWithCallerWaiting(voicemailAfter(5));
        Holder a = h[0];
        Holder b = h[1];
        a.dieBeforeDone = true;
        a.check();
        assertEquals(1, a.ami.named("Redirect").size());
        tracker.callerLeft("desk-appliance", "c1"); // Asterisk: the Redirect took the caller out of the queue
        assertEquals("claimed by token 1", rows.state("c1", 1));

        b.overflow.resync(rows.claims());
        b.check();
        assertEquals(0, b.ami.named("Redirect").size(), "not moved a second time");
        assertEquals("done by token 2", rows.state("c1", 1), "the next holder marks it done");
    }

    @Test
    void aCallerBackInTheQueueAfterTheMoveIsNotMovedAgainByTheNextHolder() {
        Holder[] h = holdersWithCallerWaiting(offerAfter(5));
        Holder a = h[0];
        Holder b = h[1];
        a.dieBeforeDone = true;
        a.check();
        assertEquals(1, a.ami.named("Redirect").size(), "offered");
        // the caller declined (or timed out) and came back to the queue: a second join
        b.join("c1");

        b.overflow.resync(rows.claims());
        b.check();
        assertEquals(0, b.ami.named("Redirect").size(), "not offered twice");
        assertEquals("done by token 2", rows.state("c1", 1));
    }

    @Test
    void aCallerInTheOfferWhenItsHolderDiedIsBookedByTheNextHolderOnce() {
        Holder[] h = holdersWithCallerWaiting(offerAfter(5));
        Holder a = h[0];
        Holder b = h[1];
        a.check();
        tracker.callerLeft("desk-appliance", "c1"); // in the offer's context
        a.killed = true;
        assertEquals("done by token 1", rows.state("c1", 1));

        b.overflow.resync(rows.claims());
        b.overflow.onEvent(new AmiEvent("UserEvent", AmiMessage.of("Event", "UserEvent", "UserEvent", "ASCCCallbackOffer", "Caller",
                "c1", "Answer", "accepted"), clock.instant()));
        b.check();
        assertEquals(List.of("c1 by token 2"), accepted, "the answer is handled by the next holder, once");
        assertEquals(0, b.ami.named("Redirect").size());
    }

    @Test
    void theRuleRedoesOnlyACallerStillWaitingWhoNeverJoinedAgain() {
        Overflow.Taken voicemail = new Overflow.Taken("c1", "Lc1", "appliance", 1, "voicemail company", 5, clock.instant());
        Overflow.Taken offer = new Overflow.Taken("c1", "Lc1", "appliance", 1, OverflowSteps.OFFER, 5, clock.instant());
        assertEquals(StaleClaims.Verdict.REDO, StaleClaims.judge(voicemail, 1, false, true));
        assertEquals(StaleClaims.Verdict.DONE, StaleClaims.judge(voicemail, 2, false, true), "back after the move");
        assertEquals(StaleClaims.Verdict.DONE, StaleClaims.judge(voicemail, 1, true, true), "being moved here");
        assertEquals(StaleClaims.Verdict.DONE, StaleClaims.judge(voicemail, 0, false, true), "unknown here: at most once");
        assertEquals(StaleClaims.Verdict.DONE, StaleClaims.judge(voicemail, 1, false, false), "moved out");
        assertEquals(StaleClaims.Verdict.IN_OFFER, StaleClaims.judge(offer, 1, false, false));
    }
}
