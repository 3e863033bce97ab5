package ascc.agi.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiRequest;
import ascc.agi.testing.FakeAgiChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HappyCallFlowTest {
    private static final HappyCallFlow.Script SCRIPT = new HappyCallFlow.Script("hanbit/happy-intro",
            List.of(new HappyCallFlow.Question("satisfaction", "hanbit/q1"), new HappyCallFlow.Question("agent", "hanbit/q2")),
            "invalid", "auth-thankyou");

    /** Hand-written fake port: records what the flow reported. */
    static final class RecordingPort implements HappyCallFlow.Port {
        final List<String> answers = new ArrayList<>();
        final List<String> finished = new ArrayList<>();
        final List<String> opened = new ArrayList<>();
        Optional<HappyCallFlow.Script> script = Optional.of(SCRIPT);

        @Override
        public Optional<HappyCallFlow.Script> open(String id, AgiRequest call) {
            opened.add(id);
            return script;
        }

        @Override
        public void answered(String id, String questionId, int score, AgiRequest call) {
            answers.add(id + ":" + questionId + "=" + score);
        }

        @Override
        public void finished(String id, int answered, int asked, boolean hungUp, AgiRequest call) {
            finished.add(id + ":" + answered + "/" + asked + (hungUp ? " hung up" : ""));
        }
    }

    private static FakeAgiChannel channel(String... args) {
        return new FakeAgiChannel(FakeAgiChannel.request("happy-call", "01012345678", "s", args));
    }

    @Test
    void playsCompanyPromptAsksBothQuestionsAndStoresScores() {
        RecordingPort port = new RecordingPort();
        FakeAgiChannel ch = channel("42").pressDigits("14");
        new HappyCallFlow(port).run(ch);
        assertTrue(ch.answered());
        assertEquals(List.of("hanbit/happy-intro", "hanbit/q1", "hanbit/q2", "auth-thankyou"), ch.prompts());
        assertEquals(List.of("42:satisfaction=1", "42:agent=4"), port.answers);
        assertEquals(List.of("42:2/2"), port.finished);
    }

    @Test
    void invalidOrMissingInputIsAskedOnceMoreThenSkipped() {
        RecordingPort port = new RecordingPort();
        // q1: 9 (invalid) then 3; q2: nothing, nothing
        FakeAgiChannel ch = channel("7").pressDigits("93").timeoutNext().timeoutNext();
        new HappyCallFlow(port).run(ch);
        assertEquals(List.of("hanbit/happy-intro", "hanbit/q1", "invalid", "hanbit/q1", "hanbit/q2", "invalid", "hanbit/q2",
                "auth-thankyou"), ch.prompts());
        assertEquals(List.of("7:satisfaction=3"), port.answers);
        assertEquals(List.of("7:1/2"), port.finished);
    }

    @Test
    void zeroAndSixAreNotScores() {
        RecordingPort port = new RecordingPort();
        new HappyCallFlow(port).run(channel("1").pressDigits("0565"));
        assertEquals(List.of("1:satisfaction=5", "1:agent=5"), port.answers);
    }

    @Test
    void hangupAfterFirstAnswerKeepsItAndReportsHangup() {
        RecordingPort port = new RecordingPort();
        // ANSWER, STREAM FILE intro, GET DATA q1: then the customer leaves
        FakeAgiChannel ch = channel("5").pressDigits("2").hangupAfter(3);
        new HappyCallFlow(port).run(ch);
        assertEquals(List.of("5:satisfaction=2"), port.answers);
        assertEquals(List.of("5:1/2 hung up"), port.finished);
    }

    @Test
    void idComesFromChannelVariableWithoutArgument() {
        RecordingPort port = new RecordingPort();
        FakeAgiChannel ch = channel().presetVariable(HappyCallFlow.ID_VARIABLE, "99").pressDigits("55");
        new HappyCallFlow(port).run(ch);
        assertEquals(List.of("99"), port.opened);
    }

    @Test
    void unknownHappyCallEndsWithoutAnsweringOrReporting() {
        RecordingPort port = new RecordingPort();
        port.script = Optional.empty();
        FakeAgiChannel ch = channel("404");
        new HappyCallFlow(port).run(ch);
        assertFalse(ch.answered());
        assertTrue(port.finished.isEmpty());
    }
}
