package ascc.agi.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiRequest;
import ascc.agi.testing.FakeAgiChannel;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.Question;
import ascc.routing.campaign.QuestionKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SurveyFlowTest {
    private static final List<Question> QUESTIONS = List.of(new Question("q1", QuestionKind.SCALE_1_TO_5, "survey-quality"),
            new Question("q2", QuestionKind.YES_NO, "survey-recommend"));

    /** Records what the flow hands over. */
    private static final class Recorder implements SurveyFlow.Sessions {
        final List<String> answered = new ArrayList<>();
        final List<SurveyFlow.Outcome> finished = new ArrayList<>();

        @Override
        public Optional<SurveyFlow.Survey> survey(String attemptId) {
            return attemptId.equals("42") ? Optional.of(new SurveyFlow.Survey(QUESTIONS)) : Optional.empty();
        }

        @Override
        public void answered(String attemptId, Question question, int answer) {
            answered.add(attemptId + ":" + question.id() + "=" + answer);
        }

        @Override
        public void finished(String attemptId, SurveyFlow.Outcome outcome) {
            finished.add(outcome);
        }
    }

    /** The attempt's own channel, as the dialer originates it (channel id ascc-att-42). */
    private static FakeAgiChannel channel() {
        return new FakeAgiChannel(AgiRequest.of("survey", "PJSIP/ascc-outbound-00000001", "ascc-att-42", "ascc-outbound", "", "s"))
                .presetVariable("CC_ATTEMPT", "42");
    }

    private static SurveyFlow flow(Recorder r) {
        return new SurveyFlow(r, Duration.ofSeconds(6), p -> "ascc/hanbit/" + p);
    }

    @Test
    void storesEachAnswerAndCompletesWhenEveryQuestionIsAnswered() {
        Recorder r = new Recorder();
        FakeAgiChannel ch = channel().pressDigits("42");
        flow(r).run(ch);
        assertEquals(List.of("42:q1=4", "42:q2=2"), r.answered);
        assertEquals(List.of(new SurveyFlow.Outcome(AttemptResult.COMPLETED, Map.of("q1", 4, "q2", 2), false)), r.finished);
        assertTrue(ch.commands().contains("GET DATA ascc/hanbit/survey-quality 6000 1"), ch.commands().toString());
        assertEquals(SurveyFlow.THANKS, ch.prompts().get(ch.prompts().size() - 1));
    }

    @Test
    void reasksOnceAfterAWrongKeyOrNoKeyThenMovesOnWithoutAnswer() {
        Recorder r = new Recorder();
        // q1: 9 is not on the scale, then 5; q2: nothing twice
        FakeAgiChannel ch = channel().pressDigits("95").timeoutNext().timeoutNext();
        flow(r).run(ch);
        assertEquals(List.of("42:q1=5"), r.answered);
        assertEquals(AttemptResult.PARTIAL, r.finished.get(0).result());
        assertEquals(1, ch.prompts().stream().filter(SurveyFlow.INVALID::equals).count(), ch.prompts().toString());
        assertEquals(2, ch.commands().stream().filter(c -> c.startsWith("GET DATA ascc/hanbit/survey-recommend")).count());
        assertEquals(1, ch.commands().stream().filter(c -> c.startsWith("GET DATA ascc/hanbit/survey-quality")).count(),
                "the 5 keyed during 'invalid' answered the re-ask");
    }

    @Test
    void aSecondWrongKeyLeavesTheQuestionUnanswered() {
        Recorder r = new Recorder();
        FakeAgiChannel ch = channel().timeoutNext().pressDigits("7").timeoutNext().pressDigits("3").timeoutNext();
        flow(r).run(ch);
        // q1: nothing, then 7 (not on the 1-5 scale): unanswered; q2: 3 is not yes/no, "invalid", then nothing: unanswered
        assertEquals(List.of(), r.answered);
        assertEquals(AttemptResult.REFUSED, r.finished.get(0).result());
    }

    @Test
    void aHangupBeforeTheFirstAnswerIsARefusalReportedOnce() {
        Recorder r = new Recorder();
        FakeAgiChannel ch = channel().hangupAfter(2);
        flow(r).run(ch);
        assertTrue(r.answered.isEmpty());
        assertEquals(1, r.finished.size());
        assertEquals(AttemptResult.REFUSED, r.finished.get(0).result());
        assertTrue(r.finished.get(0).hungUp());
    }

    @Test
    void aHangupAfterTheFirstAnswerIsPartial() {
        Recorder r = new Recorder();
        FakeAgiChannel ch = channel().pressDigits("3").hangupAfter(3);
        flow(r).run(ch);
        assertEquals(List.of("42:q1=3"), r.answered);
        assertEquals(AttemptResult.PARTIAL, r.finished.get(0).result());
    }

    @Test
    void answersFromAChannelThatIsNotTheAttemptsAreNotTaken() {
        Recorder r = new Recorder();
        // a session claiming attempt 42 from another channel (unique id not ascc-att-42)
        FakeAgiChannel ch = new FakeAgiChannel(FakeAgiChannel.request("survey", "", "s")).presetVariable("CC_ATTEMPT", "42")
                .pressDigits("5");
        flow(r).run(ch);
        assertFalse(ch.answered());
        assertTrue(r.answered.isEmpty());
        assertTrue(r.finished.isEmpty());
    }

    @Test
    void anUnknownAttemptIsNotAskedAnything() {
        Recorder r = new Recorder();
        FakeAgiChannel ch = new FakeAgiChannel(FakeAgiChannel.request("survey", "", "s")).presetVariable("CC_ATTEMPT", "7");
        flow(r).run(ch);
        assertFalse(ch.answered());
        assertTrue(r.finished.isEmpty());
    }
}
