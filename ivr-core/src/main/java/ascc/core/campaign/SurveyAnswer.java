package ascc.core.campaign;

import java.time.Instant;
import java.util.Objects;

/**
 * One answer keyed in a survey session, as journaled before the flow goes on (and thanks the customer at the end). Its
 * natural key is ({@link #attemptId}, {@link #questionId}): {@code survey_answer} keeps the first answer per key, so a
 * replayed answer is stored once.
 *
 * @param attemptId the campaign attempt
 * @param company the attempt's company
 * @param campaign the attempt's campaign
 * @param questionId the question (campaigns.yaml)
 * @param answer the key's digit
 * @param at when it was keyed
 */
public record SurveyAnswer(long attemptId, String company, String campaign, String questionId, int answer, Instant at) {
    public SurveyAnswer {
        Objects.requireNonNull(questionId, "questionId");
        Objects.requireNonNull(at, "at");
    }

    /** The natural key in logs: {@code <attempt>/<question>}. */
    public String key() {
        return attemptId + "/" + questionId;
    }
}
