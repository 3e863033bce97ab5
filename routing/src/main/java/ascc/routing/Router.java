package ascc.routing;

import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.Desk;
import ascc.routing.config.OpeningHours;
import ascc.routing.config.WeeklyHours;

/**
 * Decides where an inbound call goes, from the current {@link CenterConfig} only (no I/O, no clock:
 * the caller passes the time). Foundation version: dialed number -> company -> its first enrolled
 * category -> desk, then opening hours. Shared and unknown numbers go to the general desk and ask
 * for the company code.
 */
public final class Router {
    private final Supplier<CenterConfig> config;

    /**
     * @param config the current configuration, read once per call (e.g. {@code atomicRef::get}), so a
     *     reload takes effect for the next call
     */
    public Router(Supplier<CenterConfig> config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A router over one fixed configuration. */
    public Router(CenterConfig config) {
        Objects.requireNonNull(config, "config");
        this.config = () -> config;
    }

    /**
     * @param dialedNumber the number the customer dialed (our DID)
     * @param callerNumber the customer's number (not used for routing yet; never logged unmasked)
     * @param at when the call arrived; converted to the center's time zone
     */
    public RouteDecision route(String dialedNumber, String callerNumber, ZonedDateTime at) {
        CenterConfig cfg = config.get();
        ZonedDateTime local = at.withZoneSameInstant(cfg.engine().timeZone());
        Optional<Company> company = dialedNumber == null ? Optional.empty() : cfg.companyByNumber(dialedNumber);
        if (company.isEmpty()) {
            String why;
            if (dialedNumber == null || dialedNumber.isEmpty()) {
                why = "no dialed number";
            } else if (cfg.isSharedNumber(dialedNumber)) {
                why = "number " + dialedNumber + " is shared";
            } else {
                why = "number " + dialedNumber + " is not a company number";
            }
            Desk general = generalDesk(cfg);
            String rule = why + " -> company code needed; desk " + general.id() + " until the company is known";
            return decide(cfg, local, company, Optional.empty(), general, true, RouteDecision.Action.QUEUE, rule);
        }
        Company c = company.get();
        String rule = "number " + dialedNumber + " -> company " + c.id();
        if (c.categories().isEmpty()) {
            Desk general = generalDesk(cfg);
            return decide(cfg, local, company, Optional.empty(), general, false, RouteDecision.Action.FALLBACK,
                    rule + "; no category enrolled -> fallback desk " + general.id());
        }
        Category category = c.categories().get(0);
        Optional<Desk> desk = cfg.deskFor(category);
        if (desk.isEmpty()) {
            Desk general = generalDesk(cfg);
            return decide(cfg, local, company, Optional.of(category), general, false, RouteDecision.Action.FALLBACK,
                    rule + "; category " + category.id() + " has no desk -> fallback desk " + general.id());
        }
        return decide(cfg, local, company, Optional.of(category), desk.get(), false, RouteDecision.Action.QUEUE,
                rule + "; category " + category.id() + " -> desk " + desk.get().id());
    }

    private static RouteDecision decide(CenterConfig cfg, ZonedDateTime local, Optional<Company> company, Optional<Category> category,
            Desk desk, boolean needsCode, RouteDecision.Action openAction, String rule) {
        OpeningHours hours = cfg.hours();
        String companyId = company.map(Company::id).orElse(null);
        String closed = hours.closedReason(companyId, desk.id(), local);
        if (closed != null) {
            return new RouteDecision(RouteDecision.Action.CLOSED, company, category, desk, desk.queueName(), needsCode,
                    Optional.of(closed), rule + "; closed: " + closed);
        }
        return new RouteDecision(openAction, company, category, desk, desk.queueName(), needsCode, Optional.empty(),
                rule + "; open (" + openHours(hours, companyId, desk.id(), local.getDayOfWeek()) + ")");
    }

    private static String openHours(OpeningHours hours, String companyId, String deskId, DayOfWeek day) {
        String dayKey = WeeklyHours.dayKey(day);
        WeeklyHours main = companyId != null ? hours.forCompany(companyId) : hours.forDesk(deskId);
        String text = dayKey + " " + main.describe(day);
        if (companyId != null && hours.byDesk().containsKey(deskId)) {
            text += ", desk " + deskId + " " + hours.forDesk(deskId).describe(day);
        }
        return text;
    }

    private static Desk generalDesk(CenterConfig cfg) {
        Desk general = cfg.generalDesk();
        if (general == null) {
            throw new IllegalStateException("general desk '" + cfg.engine().generalDesk() + "' missing from config (desks: "
                    + String.join(", ", cfg.desks().keySet()) + ")");
        }
        return general;
    }
}
