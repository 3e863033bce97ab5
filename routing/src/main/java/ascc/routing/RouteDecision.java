package ascc.routing;

import java.util.Optional;

import ascc.routing.config.Category;
import ascc.routing.config.Company;
import ascc.routing.config.Desk;

/**
 * Where an inbound call goes and why.
 *
 * @param action what the call flow does next
 * @param company the company the dialed number belongs to; empty for a shared or unknown number
 * @param category the product category that chose the desk; empty when no company is known yet
 * @param desk the desk that serves the call (the general desk until the company is known)
 * @param queueName the Asterisk queue of {@code desk}
 * @param needsCompanyCode true when the caller must key in a company code (shared or unknown number)
 * @param closedReason why the call is not served now (holiday, closure, outside hours); empty when open
 * @param rule short human text naming the rules that decided, for logs and call records
 */
public record RouteDecision(
        Action action,
        Optional<Company> company,
        Optional<Category> category,
        Desk desk,
        String queueName,
        boolean needsCompanyCode,
        Optional<String> closedReason,
        String rule) {

    /** What the call flow does with the call. */
    public enum Action {
        /** Put the call in {@link #queueName()}. */
        QUEUE,
        /** Play the closed message: {@link #closedReason()} says why. */
        CLOSED,
        /** The company's category has no desk: queue on the general desk instead. */
        FALLBACK
    }
}
