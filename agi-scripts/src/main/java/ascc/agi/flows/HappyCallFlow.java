package ascc.agi.flows;

import ascc.agi.AgiChannel;
import ascc.agi.AgiHangupException;
import ascc.agi.AgiRequest;
import ascc.agi.AgiScript;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.asterisk.ChannelVars;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The happy-call: an outbound satisfaction call after a served inbound call. Started by the dialer as
 * {@code AGI(agi://engine/happy-call,<happy-call id>)} (or with the channel variable {@value #ID_VARIABLE}) once the
 * customer answered. Plays the company's opening prompt, asks each question (the customer keys 1..5; a wrong key or
 * nothing is asked once more, then the question is skipped), thanks and ends. Every score goes to the {@link Port} at
 * once, so a customer who hangs up after the first question still has that answer stored.
 */
public final class HappyCallFlow implements AgiScript {
    /** The script name in {@code agi://host/happy-call}. */
    public static final String SCRIPT = AgiScripts.HAPPY_CALL;
    /** Channel variable with the happy-call id when it is not the first AGI argument. */
    public static final String ID_VARIABLE = ChannelVars.HAPPY_CALL;
    static final long ANSWER_TIMEOUT_MILLIS = 6000;
    private static final int TRIES = 2;

    /** One question: its id (campaigns.yaml) and the prompt that asks it. */
    public record Question(String id, String prompt) {
        public Question {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(prompt, "prompt");
        }
    }

    /**
     * What the flow plays for one happy-call.
     *
     * @param intro the company's opening prompt
     * @param questions 1 or 2 questions, asked in order
     * @param invalid played after a wrong key or no key, before the question is asked again
     * @param thanks played at the end
     */
    public record Script(String intro, List<Question> questions, String invalid, String thanks) {
        public Script {
            Objects.requireNonNull(intro, "intro");
            Objects.requireNonNull(invalid, "invalid");
            Objects.requireNonNull(thanks, "thanks");
            questions = List.copyOf(questions);
        }
    }

    /** What the flow needs from the engine: the script of a happy-call, and where scores go. */
    public interface Port {
        /** The script of happy-call {@code id}; empty when there is no such happy-call (the flow then just ends). */
        Optional<Script> open(String id, AgiRequest call);

        /** The customer keyed {@code score} (1..5) for {@code questionId}. */
        void answered(String id, String questionId, int score, AgiRequest call);

        /** The flow ended: {@code answered} of {@code asked} questions got a score; {@code hungUp} if the customer left early. */
        void finished(String id, int answered, int asked, boolean hungUp, AgiRequest call);
    }

    private final Port port;

    public HappyCallFlow(Port port) {
        this.port = Objects.requireNonNull(port, "port");
    }

    @Override
    public void run(AgiChannel ch) {
        AgiRequest req = ch.request();
        String id = req.arg(0).isBlank() ? ch.getVariable(ID_VARIABLE) : req.arg(0).trim();
        if (id == null || id.isBlank()) {
            ch.verbose("happy-call: no happy-call id (AGI argument 1 or " + ID_VARIABLE + ")", 1);
            return;
        }
        Optional<Script> script = port.open(id, req);
        if (script.isEmpty()) {
            ch.verbose("happy-call " + id + ": unknown or already done", 1);
            return;
        }
        Script s = script.get();
        int answered = 0;
        boolean hungUp = false;
        try {
            ch.answer();
            ch.streamFile(s.intro(), "");
            for (Question q : s.questions()) {
                Optional<Integer> score = ask(ch, q, s.invalid());
                if (score.isPresent()) {
                    port.answered(id, q.id(), score.get(), req);
                    answered++;
                }
            }
            ch.streamFile(s.thanks(), "");
        } catch (AgiHangupException e) {
            hungUp = true;
        } finally {
            port.finished(id, answered, s.questions().size(), hungUp, req);
        }
    }

    /** Asks up to twice; a score 1..5, or empty after two wrong or missing answers. */
    private static Optional<Integer> ask(AgiChannel ch, Question q, String invalid) {
        for (int i = 0; i < TRIES; i++) {
            String digits = ch.getData(q.prompt(), ANSWER_TIMEOUT_MILLIS, 1);
            if (digits != null && digits.length() == 1 && digits.charAt(0) >= '1' && digits.charAt(0) <= '5') {
                return Optional.of(digits.charAt(0) - '0');
            }
            if (i + 1 < TRIES) {
                ch.streamFile(invalid, "");
            }
        }
        return Optional.empty();
    }
}
