package ascc.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiEvents;
import ascc.core.ami.AmiException;
import ascc.core.ami.AmiFailure;
import ascc.core.ami.AmiMessage;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.config.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class OutboundDialerTest {
    private static final Instant T = Instant.parse("2026-11-23T01:00:00Z");

    /** AMI whose Originate answers the test gives by hand. */
    private static final class FakeAmi implements OutboundDialer.Ami {
        final List<AmiAction> originates = new ArrayList<>();
        final List<CompletableFuture<AmiEvents.OriginateResponse>> responses = new ArrayList<>();
        final Set<String> live = new HashSet<>();

        @Override
        public CompletableFuture<AmiEvents.OriginateResponse> originate(AmiAction originate, Duration timeout) {
            originates.add(originate);
            CompletableFuture<AmiEvents.OriginateResponse> f = new CompletableFuture<>();
            responses.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Set<String>> liveUniqueIds() {
            return CompletableFuture.completedFuture(Set.copyOf(live));
        }

        void respond(boolean success, int reason) {
            responses.get(responses.size() - 1).complete(new AmiEvents.OriginateResponse("a1", success ? "Success" : "Failure",
                    "PJSIP/ascc-outbound-1", "ascc-att-7", reason, T));
        }
    }

    /** Timers the test fires. */
    private static final class ManualTimers implements OutboundDialer.Timers {
        final List<Runnable> due = new ArrayList<>();

        @Override
        public void schedule(Runnable task, Duration delay) {
            if (delay.compareTo(Duration.ofMinutes(5)) < 0) {
                due.add(task);
            }
        }

        @Override
        public void shutdown() {
            due.clear();
        }

        void fire() {
            List<Runnable> now = new ArrayList<>(due);
            due.clear();
            now.forEach(Runnable::run);
        }
    }

    private final FakeAmi ami = new FakeAmi();
    private final ManualTimers timers = new ManualTimers();
    private final OutboundDialer dialer = new OutboundDialer(ami, "agi://127.0.0.1:4573", Secret.of("dialer-agi-secret-0123"), timers);

    private static OutboundDialer.Target target() {
        return new OutboundDialer.Target("7", "PJSIP/ascc-outbound/sip:01055501234@127.0.0.1:5301", "01055501234", "0700000000",
                Duration.ofSeconds(20), "survey", Map.of("CC_CAMPAIGN", "q4"));
    }

    private static AmiEvent hangup(String uniqueId, int cause) {
        AmiMessage m = AmiMessage.of("Event", "Hangup", "Uniqueid", uniqueId, "Cause", Integer.toString(cause));
        return new AmiEvent("Hangup", m, T);
    }

    @Test
    void originatesIntoTheAgiScriptWithTheAttemptAsChannelIdAndVariable() {
        dialer.dial(target());
        AmiAction a = ami.originates.get(0);
        assertEquals("PJSIP/ascc-outbound/sip:01055501234@127.0.0.1:5301", a.get("Channel"));
        assertEquals("AGI", a.get("Application"));
        assertEquals("agi://127.0.0.1:4573/survey,dialer-agi-secret-0123", a.get("Data"), "the AGI secret is the first argument");
        assertEquals("20000", a.get("Timeout"));
        assertEquals("ascc-att-7", a.get("ChannelId"));
        assertEquals("0700000000", a.get("CallerID"));
        List<String> vars = a.fields().stream().filter(f -> f.key().equals("Variable")).map(AmiMessage.Field::value).toList();
        assertEquals(List.of("CC_ATTEMPT=7", "CC_CAMPAIGN=q4"), vars);
        assertTrue(target().toString().contains("010******34"), "the number is masked: " + target());
    }

    @Test
    void busyComesFromTheHangupCauseAndDuplicateEventsChangeNothing() {
        CompletableFuture<OutboundDialer.Result> f = dialer.dial(target());
        dialer.onEvent(hangup("ascc-att-7", 17));
        ami.respond(false, 0);
        assertEquals(AttemptResult.BUSY, f.join().result());
        assertEquals("reason=0 cause=17", f.join().asteriskResult());
        dialer.onEvent(hangup("ascc-att-7", 16));
        dialer.sessionEnded("7", AttemptResult.COMPLETED, "late");
        assertEquals(AttemptResult.BUSY, f.join().result());
        assertEquals(0, dialer.inFlight());
    }

    @Test
    void aFailureWithoutHangupWaitsTheGraceThenUsesTheReason() {
        CompletableFuture<OutboundDialer.Result> f = dialer.dial(target());
        ami.respond(false, 3);
        assertFalse(f.isDone(), "waits for the Hangup's cause");
        timers.fire();
        assertEquals(AttemptResult.NO_ANSWER, f.join().result());
    }

    @Test
    void anAnsweredCallEndsWithWhatItsSessionReports() {
        CompletableFuture<OutboundDialer.Result> f = dialer.dial(target());
        ami.respond(true, 4);
        dialer.sessionStarted("7");
        dialer.onEvent(hangup("ascc-att-7", 16));
        timers.fire();
        assertFalse(f.isDone(), "a started session reports its own end");
        dialer.sessionEnded("7", AttemptResult.PARTIAL, "1 answers, customer hung up");
        assertEquals(AttemptResult.PARTIAL, f.join().result());
    }

    @Test
    void anAnsweredCallWithoutSessionFailsAfterTheGrace() {
        CompletableFuture<OutboundDialer.Result> f = dialer.dial(target());
        ami.respond(true, 4);
        dialer.onEvent(hangup("ascc-att-7", 16));
        assertFalse(f.isDone());
        timers.fire();
        assertEquals(AttemptResult.FAILED, f.join().result());
        assertTrue(f.join().asteriskResult().contains("no session"), f.join().asteriskResult());
    }

    @Test
    void aLostOriginateAnswerIsResolvedAtResyncAndNeverRedialed() {
        CompletableFuture<OutboundDialer.Result> f = dialer.dial(target());
        ami.responses.get(0).completeExceptionally(new AmiException(AmiFailure.retriable("connection reset", null)));
        assertFalse(f.isDone());
        dialer.resync();
        assertEquals(AttemptResult.FAILED, f.join().result());
        assertEquals("lost during AMI reconnect", f.join().asteriskResult());
        assertEquals(1, ami.originates.size(), "one Originate per attempt");
    }

    @Test
    void aLostAttemptWhoseChannelIsStillUpEndsWithItsSession() {
        CompletableFuture<OutboundDialer.Result> f = dialer.dial(target());
        dialer.sessionStarted("7");
        ami.responses.get(0).completeExceptionally(new AmiException(AmiFailure.retriable("connection reset", null)));
        ami.live.add("ascc-att-7");
        dialer.resync();
        assertFalse(f.isDone());
        dialer.sessionEnded("7", AttemptResult.COMPLETED, "2 answers");
        assertEquals(AttemptResult.COMPLETED, f.join().result());
        assertEquals(1, ami.originates.size());
    }

    @Test
    void anOriginateNeverSentFailsAtOnce() {
        CompletableFuture<OutboundDialer.Result> f = dialer.dial(target());
        ami.responses.get(0).completeExceptionally(new AmiException(AmiFailure.retriable("AMI not connected to x: cannot send", null)));
        assertEquals(AttemptResult.FAILED, f.join().result());
        assertTrue(f.join().asteriskResult().startsWith("not placed"), f.join().asteriskResult());
    }

    @Test
    void classifiesCausesBeforeReasons() {
        assertEquals(AttemptResult.INVALID_NUMBER, OutboundDialer.classify(0, 1));
        assertEquals(AttemptResult.INVALID_NUMBER, OutboundDialer.classify(1, 28));
        assertEquals(AttemptResult.BUSY, OutboundDialer.classify(5, -1));
        assertEquals(AttemptResult.NO_ANSWER, OutboundDialer.classify(3, 16));
        assertEquals(AttemptResult.CONGESTION, OutboundDialer.classify(0, 34));
        assertEquals(AttemptResult.CONGESTION, OutboundDialer.classify(8, -1));
        assertEquals(AttemptResult.FAILED, OutboundDialer.classify(0, -1));
    }
}
