package ascc.routing.selfservice;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One call's visit to self-service, as stored in {@code call_self_service}.
 *
 * @param linkedId the call (Asterisk linkedid)
 * @param companyId the company
 * @param category the category id chosen, or null
 * @param items item ids heard, in order ({@code case-status}, {@code case-lookup}, {@code hours}, {@code faq:<id>}), each once
 * @param result how it ended
 * @param at when it ended
 */
public record SelfServiceVisit(String linkedId, String companyId, String category, List<String> items, SelfServiceResult result,
        Instant at) {
    public SelfServiceVisit {
        Objects.requireNonNull(linkedId, "linkedId");
        Objects.requireNonNull(companyId, "companyId");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(at, "at");
        items = List.copyOf(items);
    }

    /** The items as stored: comma-separated. */
    public String itemsText() {
        return String.join(",", items);
    }
}
