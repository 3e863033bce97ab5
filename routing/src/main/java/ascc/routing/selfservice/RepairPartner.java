package ascc.routing.selfservice;

import ascc.routing.config.TokenHash;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A repair partner that sends its cases over {@code POST /api/cases} (self-service.yaml {@code partners}).
 *
 * @param id the partner's id, stored on its cases
 * @param token SHA-256 of its bearer token; empty: it cannot post (only 'ivr cases import' loads its cases)
 * @param companies the companies whose cases it may send
 */
public record RepairPartner(String id, Optional<TokenHash> token, Set<String> companies) {
    public RepairPartner {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(token, "token (Optional.empty() for none)");
        companies = Set.copyOf(companies);
    }
}
