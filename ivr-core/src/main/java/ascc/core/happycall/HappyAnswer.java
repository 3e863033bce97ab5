package ascc.core.happycall;

import java.time.Instant;
import java.util.Objects;

/**
 * One score keyed in a happy-call, as journaled before the flow goes on (and thanks the customer at the end). Its natural
 * key is ({@link #happyCallId}, {@link #questionId}): {@code happy_call_answer} keeps the first score per key
 * ({@code uq_happy_call_answer}), so a replayed answer is stored once.
 *
 * @param happyCallId the happy-call
 * @param company the happy-call's company (for logs and dead letters; no phone number in an answer)
 * @param questionId the question (campaigns.yaml)
 * @param score the key's digit
 * @param at when it was keyed
 */
public record HappyAnswer(long happyCallId, String company, String questionId, int score, Instant at) {
    public HappyAnswer {
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(at, "at");
    }

    /** The natural key in logs: {@code <happy-call>/<question>}. */
    public String key() {
        return happyCallId + "/" + questionId;
    }
}
