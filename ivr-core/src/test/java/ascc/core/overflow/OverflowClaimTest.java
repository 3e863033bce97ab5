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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A step is claimed (its row, under the overflow lease) before it is taken: what each answer of the claim does. */
class OverflowClaimTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T01:00:00Z"));
    private final OverflowTest.FakeAmi ami = new OverflowTest.FakeAmi();
    private final Deque<OverflowSteps.Claim> answers = new ArrayDeque<>();
    private final List<String> log = new ArrayList<>();
    private CenterConfig config;
    private AgentStateTracker tracker;

    @BeforeEach
    void setUp() throws Exception {
        config = ConfigLoader.load(Path.of("src/test/resources/it-conf"), Map.of());
        tracker = new AgentStateTracker(clock, () -> config, 20, i -> { });
        tracker.memberAdded("desk-appliance", "2101", false, null);
    }

    private Overflow overflow(Step step) {
        OverflowConfig cfg = new OverflowConfig(Map.of("appliance", List.of(step)), Map.of(), OverflowConfig.CallbackRules.DEFAULT,
                "PJSIP/customer-trunk/sip:{number}@127.0.0.1:5090");
        OverflowSteps steps = new OverflowSteps() {
            @Override
            public Claim claim(Overflow.Taken t) {
                log.add("claim " + t.uniqueId() + "|" + t.stepNo());
                return answers.isEmpty() ? Claim.TAKE : answers.poll();
            }

            @Override
            public void done(Overflow.Taken t) {
                log.add("done " + t.uniqueId() + "|" + t.stepNo());
            }

            @Override
            public void withdraw(Overflow.Taken t) {
                log.add("withdraw " + t.uniqueId() + "|" + t.stepNo());
            }
        };
        return new Overflow(() -> cfg, () -> config, tracker, ami, clock, steps, new Overflow.Callbacks() {
            @Override
            public void accepted(Overflow.Accepted a) {
            }

            @Override
            public Instant placeholderJoined(String exten) {
                return null;
            }
        }, Runnable::run, Runnable::run);
    }

    private void join(Overflow o, String uniqueId, String channel) {
        tracker.callerJoined("desk-appliance", uniqueId);
        o.onEvent(new AmiEvent("QueueCallerJoin", AmiMessage.of("Event", "QueueCallerJoin", "Queue", "desk-appliance", "Uniqueid",
                uniqueId, "Linkedid", "L" + uniqueId, "Channel", channel, "CallerIDNum", "01055501234"), clock.instant()));
    }

    private static Step voicemailAfter(int seconds) {
        return new Step(new OverflowConfig.WaitedAtLeast(seconds), new OverflowConfig.Voicemail());
    }

    @Test
    void aStepAnotherNodeTookAlreadyIsNotTakenAgain() {
        Overflow o = overflow(voicemailAfter(5));
        join(o, "c1", "PJSIP/anonymous-1");
        clock.advance(Duration.ofSeconds(5));
        answers.add(OverflowSteps.Claim.SKIP);
        o.check();
        o.check();
        assertEquals(List.of("claim c1|1"), log);
        assertEquals(0, ami.named("Redirect").size(), "the caller is not moved a second time");
    }

    @Test
    void aStepWhoseClaimFailedRetriablyIsClaimedAgainAtTheNextCheckAndTakenOnce() {
        Overflow o = overflow(voicemailAfter(5));
        join(o, "c1", "PJSIP/anonymous-1");
        clock.advance(Duration.ofSeconds(5));
        answers.add(OverflowSteps.Claim.RETRY);
        o.check();
        assertEquals(0, ami.named("Redirect").size(), "not taken while the database is away");
        o.check();
        o.check();
        assertEquals(List.of("claim c1|1", "claim c1|1", "done c1|1"), log);
        assertEquals(1, ami.named("Redirect").size());
    }

    @Test
    void aMoveThatFailsWithdrawsItsClaim() {
        Overflow o = overflow(voicemailAfter(5));
        join(o, "c1", "PJSIP/gone");
        ami.gone.add("PJSIP/gone");
        clock.advance(Duration.ofSeconds(5));
        o.check();
        assertEquals(List.of("claim c1|1", "withdraw c1|1"), log);
    }

    @Test
    void stepsEarlierHoldersTookCountAsTakenAfterTheResync() {
        Overflow o = overflow(Step.afterSecondsAddAgentsOf(5, "digital"));
        join(o, "c1", "PJSIP/anonymous-1");
        join(o, "c2", "PJSIP/anonymous-2");
        o.resync(new OverflowSteps.Claims(Set.of(OverflowPolicy.takenKey("c1", 1)), List.of(), List.of()));
        clock.advance(Duration.ofSeconds(5));
        o.check();
        assertEquals(List.of("claim c2|1", "done c2|1"), log);
    }
}
