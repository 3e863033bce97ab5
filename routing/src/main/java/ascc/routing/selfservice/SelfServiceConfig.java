package ascc.routing.selfservice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code conf/self-service.yaml} (optional; nobody gets self-service when absent), validated and immutable.
 *
 * @param companies company id to its self-service, in file order
 */
public record SelfServiceConfig(Map<String, CompanySelfService> companies) {
    public static final String FILE = "self-service.yaml";
    /** No file: self-service off for everyone. */
    public static final SelfServiceConfig NONE = new SelfServiceConfig(Map.of());

    public SelfServiceConfig {
        companies = Collections.unmodifiableMap(new LinkedHashMap<>(companies));
    }

    /** The company's self-service when it is enabled. */
    public Optional<CompanySelfService> enabled(String companyId) {
        return Optional.ofNullable(companyId == null ? null : companies.get(companyId)).filter(CompanySelfService::enabled);
    }

    /** How many companies have it enabled (for the config summary). */
    public long enabledCount() {
        return companies.values().stream().filter(CompanySelfService::enabled).count();
    }
}
