package ascc.agi.flows;

import ascc.agi.AgiChannel;
import ascc.agi.AgiHangupException;
import ascc.agi.AgiScript;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.asterisk.Channels;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.Question;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outbound survey call ({@code agi://host/survey}), started by the dialer's Originate once the customer answered. The
 * channel variable {@value #ATTEMPT_VARIABLE} names the attempt; {@link Sessions#survey} gives its questions. Each
 * question is asked with its prompt and answered with one DTMF key (scale 1-5, or 1 yes / 2 no); a wrong key is
 * answered with {@value #INVALID} (a key pressed during it counts as the second try) and the question asked once more,
 * as is a question left unanswered; after the second try the flow moves on without an answer. Each answer is handed
 * to {@link Sessions#answered} at once (stored per question), and {@link Sessions#finished} is told exactly once how
 * the session ended, also when the customer hung up: every question answered = completed, some = partial, none = refused.
 * Answers are taken only on the attempt's own channel (unique id {@code ascc-att-<attempt>}, the Originate's channel id).
 */
public final class SurveyFlow implements AgiScript {
    private static final Logger LOG = LoggerFactory.getLogger(SurveyFlow.class);

    /** Script name in the AGI URL. */
    public static final String SCRIPT = AgiScripts.SURVEY;
    /** Channel variable set by the Originate: the attempt id. */
    public static final String ATTEMPT_VARIABLE = ChannelVars.ATTEMPT;
    /** Core sound after a wrong key. */
    public static final String INVALID = "invalid";
    /** Core sound at the end. */
    public static final String THANKS = "auth-thankyou";
    /** Keys that interrupt the "invalid" prompt. */
    static final String KEYS = "0123456789*#";
    /** Tries per question: the first ask and one re-ask. */
    static final int TRIES = 2;

    private final Sessions sessions;
    private final Duration answerTimeout;
    private final UnaryOperator<String> promptFile;

    /**
     * @param answerTimeout how long to wait for the key after a question's prompt
     * @param promptFile the sound file playing a question's prompt name (e.g. the company's recording)
     */
    public SurveyFlow(Sessions sessions, Duration answerTimeout, UnaryOperator<String> promptFile) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
        this.promptFile = Objects.requireNonNull(promptFile, "promptFile");
    }

    @Override
    public void run(AgiChannel ch) {
        String attempt = ch.getVariable(ATTEMPT_VARIABLE);
        Optional<Survey> survey = attempt == null || attempt.isBlank() ? Optional.empty() : sessions.survey(attempt);
        if (survey.isEmpty()) {
            LOG.warn("survey session on channel {} without a known attempt ({}={}); hanging up", ch.request().channel(),
                    ATTEMPT_VARIABLE, attempt);
            return;
        }
        String expected = Channels.attemptChannelId(attempt);
        if (!expected.equals(ch.request().uniqueId())) {
            // the dialer originates each attempt with its own channel id: answers from any other channel are not taken
            LOG.warn("survey session for attempt {} on channel {} with unique id '{}', not the attempt's channel id {}; refused",
                    attempt, ch.request().channel(), ch.request().uniqueId(), expected);
            return;
        }
        Survey s = survey.get();
        Map<String, Integer> answers = new LinkedHashMap<>();
        boolean hungUp = false;
        try {
            ch.answer();
            for (Question q : s.questions()) {
                Integer a = ask(ch, q);
                if (a != null) {
                    answers.put(q.id(), a);
                    sessions.answered(attempt, q, a);
                }
            }
            ch.streamFile(THANKS, "");
        } catch (AgiHangupException e) {
            hungUp = true;
            LOG.info("survey attempt {}: customer hung up after {} of {} answers", attempt, answers.size(), s.questions().size());
        } finally {
            AttemptResult result = answers.size() == s.questions().size() ? AttemptResult.COMPLETED
                    : answers.isEmpty() ? AttemptResult.REFUSED : AttemptResult.PARTIAL;
            sessions.finished(attempt, new Outcome(result, answers, hungUp));
        }
    }

    private Integer ask(AgiChannel ch, Question q) {
        String early = null;
        for (int t = 0; t < TRIES; t++) {
            String keys = early != null ? early : ch.getData(promptFile.apply(q.prompt()), answerTimeout.toMillis(), 1);
            early = null;
            if (keys != null && keys.length() == 1 && q.kind().accepts(keys.charAt(0))) {
                return keys.charAt(0) - '0';
            }
            if (keys != null && !keys.isEmpty() && t + 1 < TRIES) {
                // a key during "invalid" is the answer to the re-ask (the customer need not wait for the prompt)
                char d = ch.streamFile(INVALID, KEYS);
                early = d == 0 ? null : String.valueOf(d);
            }
        }
        return null;
    }

    /** Where the flow gets its questions and leaves its answers. Implementations must be thread-safe. */
    public interface Sessions {
        /** The survey of attempt {@code attemptId}, or empty when the attempt is unknown (the call is hung up). */
        Optional<Survey> survey(String attemptId);

        /** One answer: the key's digit (1..5; yes-no: 1 yes, 2 no). */
        void answered(String attemptId, Question question, int answer);

        /** The end of the session, exactly once per session. */
        void finished(String attemptId, Outcome outcome);
    }

    /** What to ask. */
    public record Survey(List<Question> questions) {
        public Survey {
            questions = List.copyOf(questions);
        }
    }

    /**
     * How a session ended.
     *
     * @param result completed, partial or refused
     * @param answers question id to answer, in the order asked
     * @param hungUp true if the customer hung up before the end
     */
    public record Outcome(AttemptResult result, Map<String, Integer> answers, boolean hungUp) {
        public Outcome {
            answers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answers));
        }
    }
}
