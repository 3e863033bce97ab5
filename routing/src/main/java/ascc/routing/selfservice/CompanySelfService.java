package ascc.routing.selfservice;

import ascc.routing.config.Category;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One company's self-service (self-service.yaml).
 *
 * @param companyId companies.yaml id
 * @param enabled whether callers of this company get self-service at all
 * @param caseStatus whether callers with open repair cases hear their status first
 * @param hours whether the menu offers the opening hours (read out from hours.yaml)
 * @param faq per category, the recorded answers offered in the menu, in menu order
 */
public record CompanySelfService(String companyId, boolean enabled, boolean caseStatus, boolean hours, Map<Category, List<FaqItem>> faq) {
    public CompanySelfService {
        Objects.requireNonNull(companyId, "companyId");
        EnumMap<Category, List<FaqItem>> copy = new EnumMap<>(Category.class);
        faq.forEach((c, items) -> copy.put(c, List.copyOf(items)));
        faq = Collections.unmodifiableMap(copy);
    }

    /** The FAQ items of a category (none when the category is unknown or has none). */
    public List<FaqItem> faq(Category category) {
        return category == null ? List.of() : faq.getOrDefault(category, List.of());
    }
}
