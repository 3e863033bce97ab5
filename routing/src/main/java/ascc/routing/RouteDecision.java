package ascc.routing;

import java.util.Optional;

import ascc.routing.config.Category;
import ascc.routing.config.Company;
import ascc.routing.config.Desk;

/**
 * Where an inbound call goes and why.
 *
 * @param action what the call flow does next
 * @param company the company of the call; empty for a shared or unknown number until a valid code is keyed in
 * @param category the product category that chose the desk; empty when no company is known
 * @param inquiry what the caller wants (inquiry menu); empty when not asked (no company, closed)
 * @param desk the desk that serves the call (the general desk when the company is not known)
 * @param queueName the Asterisk queue of {@code desk}
 * @param needsCompanyCode true when the dialed number did not name a company (shared or unknown number)
 * @param closedReason why the call is not served now (holiday, closure, outside hours); empty when open
 * @param rule short human text naming the rules and menu answers that decided, for logs and call records
 * @param priority queue priority (0 normal, higher answered first); why it was raised is in {@code rule}
 */
public record RouteDecision(
        Action action,
        Optional<Company> company,
        Optional<Category> category,
        Optional<InquiryType> inquiry,
        Desk desk,
        String queueName,
        boolean needsCompanyCode,
        Optional<String> closedReason,
        String rule,
        int priority) {

    /** A decision with normal priority. */
    public RouteDecision(Action action, Optional<Company> company, Optional<Category> category, Optional<InquiryType> inquiry,
            Desk desk, String queueName, boolean needsCompanyCode, Optional<String> closedReason, String rule) {
        this(action, company, category, inquiry, desk, queueName, needsCompanyCode, closedReason, rule, 0);
    }

    /** A decision without an inquiry type. */
    public RouteDecision(Action action, Optional<Company> company, Optional<Category> category, Desk desk, String queueName,
            boolean needsCompanyCode, Optional<String> closedReason, String rule) {
        this(action, company, category, Optional.empty(), desk, queueName, needsCompanyCode, closedReason, rule);
    }

    /** This decision with the caller's inquiry type, noted in the rule text. */
    public RouteDecision withInquiry(InquiryType type, String why) {
        return new RouteDecision(action, company, category, Optional.of(type), desk, queueName, needsCompanyCode, closedReason,
                rule + "; inquiry " + type.id() + " (" + why + ")", priority);
    }

    /** This decision with a queue priority, its reason noted in the rule text (unchanged for the same level). */
    public RouteDecision withPriority(int level, String why) {
        if (level == priority) {
            return this;
        }
        return new RouteDecision(action, company, category, inquiry, desk, queueName, needsCompanyCode, closedReason,
                rule + "; priority " + level + " (" + why + ")", level);
    }

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
