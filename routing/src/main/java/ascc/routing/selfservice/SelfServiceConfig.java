package ascc.routing.selfservice;

import ascc.routing.config.TokenHash;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code conf/self-service.yaml} (optional; nobody gets self-service when absent), validated and immutable.
 *
 * @param companies company id to its self-service, in file order
 * @param partners repair partner id to its token and companies, in file order
 */
public record SelfServiceConfig(Map<String, CompanySelfService> companies, Map<String, RepairPartner> partners) {
    public static final String FILE = "self-service.yaml";
    /** No file: self-service off for everyone. */
    public static final SelfServiceConfig NONE = new SelfServiceConfig(Map.of(), Map.of());

    public SelfServiceConfig {
        companies = Collections.unmodifiableMap(new LinkedHashMap<>(companies));
        partners = Collections.unmodifiableMap(new LinkedHashMap<>(partners));
    }

    /**
     * The partner whose token this is: hashed once, compared with every partner's hash in constant time (all of them, no
     * early exit); tokens are unique (the loader refuses two partners with one).
     */
    public Optional<RepairPartner> partnerByToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = TokenHash.digest(token);
        RepairPartner found = null;
        for (RepairPartner p : partners.values()) {
            if (p.token().isPresent() && p.token().get().matchesDigest(presented) && found == null) {
                found = p;
            }
        }
        return Optional.ofNullable(found);
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
