package ascc.core.portal;

import java.util.Objects;

/**
 * The one company a portal request may see: made from the logged-in session's principal (the web layer's company login),
 * never from anything in the request. Every {@link PortalData} query takes it.
 *
 * @param id the company id (companies.yaml)
 */
public record CompanyScope(String id) {
    public CompanyScope {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("company scope without a company id");
        }
    }
}
