package ascc.core.happycall;

import ascc.routing.campaign.AttemptResult;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The port through which happy-calls reach the outbound dialer (AMI Originate, pacing, call window, retries: the
 * campaign engine). The happy-call side never originates itself; it hands a request over and learns the final result.
 */
@FunctionalInterface
public interface Dialer {
    /**
     * Places {@code request} (at most once per {@link OutboundRequest#requestId()}), not before
     * {@link OutboundRequest#notBefore()} and inside its window, retrying per the campaign's rules.
     *
     * @return completes with the final result of the last attempt: {@link AttemptResult#COMPLETED} (or PARTIAL/REFUSED)
     *     when the customer answered and the script ran, else BUSY, NO_ANSWER, CONGESTION, FAILED or INVALID_NUMBER
     */
    CompletionStage<Outcome> dial(OutboundRequest request);

    /**
     * The final result of a request.
     *
     * @param result the result of the last attempt
     * @param asteriskResult Asterisk's own words (OriginateResponse reason, hangup cause), for the record
     * @param attempts how many attempts were made
     */
    record Outcome(AttemptResult result, String asteriskResult, int attempts) {
        public Outcome {
            Objects.requireNonNull(result, "result");
        }
    }
}
