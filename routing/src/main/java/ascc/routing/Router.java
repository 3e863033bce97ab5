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
 * the caller passes the time). {@link #route} is the decision without menus: dialed number -> company
 * -> its first enrolled category -> desk, then opening hours; shared and unknown numbers go to the
 * general desk and need the company code. The call flow's menus use the finer steps:
 * {@link #companyByNumber}, {@link #companyByCode}, {@link #routeCompany}, {@link #routeGeneral} and
 * {@link #menuChoice}.
 */
public final class Router {
    /** Longest company code (companies.yaml allows 3 to 6 digits). */
    public static final int MAX_CODE_DIGITS = 6;

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
        Optional<Company> company = companyByNumber(cfg, dialedNumber);
        if (company.isEmpty()) {
            Desk general = generalDesk(cfg);
            String rule = whyCodeNeeded(cfg, dialedNumber) + " -> company code needed; desk " + general.id()
                    + " until the company is known";
            return decide(cfg, local, company, Optional.empty(), general, true, RouteDecision.Action.QUEUE, rule);
        }
        Company c = company.get();
        Category first = c.categories().isEmpty() ? null : c.categories().get(0);
        return routeCompany(cfg, c, first, local, "number " + dialedNumber + " -> company " + c.id(), false);
    }

    /** The company a dialed number belongs to; empty for a shared, unknown or missing number (ask for the code). */
    public Optional<Company> companyByNumber(String dialedNumber) {
        return companyByNumber(config.get(), dialedNumber);
    }

    /** Why a dialed number does not name a company, e.g. {@code number 15880000 is shared}. */
    public String whyCodeNeeded(String dialedNumber) {
        return whyCodeNeeded(config.get(), dialedNumber);
    }

    /**
     * The company whose code the caller keyed in. Anything but 1 to 6 digits ({@code *}, {@code #}, letters,
     * floods, null) is no company.
     */
    public Optional<Company> companyByCode(String keyedIn) {
        if (keyedIn == null || keyedIn.isEmpty() || keyedIn.length() > MAX_CODE_DIGITS || !allDigits(keyedIn)) {
            return Optional.empty();
        }
        return config.get().companyByCode(keyedIn);
    }

    /** A company call on {@code category}'s desk (hours checked at {@code at}); rule text starts with the company. */
    public RouteDecision routeCompany(Company company, Category category, ZonedDateTime at) {
        return routeCompany(company, category, at, "company " + company.id());
    }

    /**
     * A company call on {@code category}'s desk, hours checked at {@code at}.
     *
     * @param category one of the company's enrolled categories; null only when it enrolls none (general desk)
     * @param how rule text of how the company and category were found, e.g. {@code code 101 -> company hanbit}
     * @throws IllegalArgumentException when the company does not enroll {@code category}
     */
    public RouteDecision routeCompany(Company company, Category category, ZonedDateTime at, String how) {
        return routeCompany(company, category, at, how, false);
    }

    /**
     * Like {@link #routeCompany(Company, Category, ZonedDateTime, String)}; {@code keyedCode} is true when the caller
     * keyed in the company code because the dialed number did not name a company
     * ({@link RouteDecision#needsCompanyCode()}).
     */
    public RouteDecision routeCompany(Company company, Category category, ZonedDateTime at, String how, boolean keyedCode) {
        CenterConfig cfg = config.get();
        Objects.requireNonNull(company, "company");
        if (category != null && !company.categories().contains(category)) {
            throw new IllegalArgumentException("company " + company.id() + " does not enroll category " + category.id()
                    + " (enrolled: " + company.categories().stream().map(Category::id).toList() + ")");
        }
        return routeCompany(cfg, company, category, at.withZoneSameInstant(cfg.engine().timeZone()), how, keyedCode);
    }

    /**
     * A call whose company stayed unknown (no code, bad codes) on the general desk, hours of that desk.
     *
     * @param why rule text, e.g. {@code number 15880000 is shared; 3 invalid company codes}
     */
    public RouteDecision routeGeneral(String why, ZonedDateTime at) {
        CenterConfig cfg = config.get();
        Desk general = generalDesk(cfg);
        return decide(cfg, at.withZoneSameInstant(cfg.engine().timeZone()), Optional.empty(), Optional.empty(), general, true,
                RouteDecision.Action.QUEUE, why + " -> general desk " + general.id());
    }

    /**
     * One menu answer: a number from 1 to {@code options} keyed as one or two digits (no leading zero), returned
     * as that number; 0 for anything else (null, empty, {@code *}/{@code #}, letters, out of range, too long).
     */
    public static int menuChoice(String input, int options) {
        if (input == null || input.isEmpty() || input.length() > 2 || !allDigits(input) || input.charAt(0) == '0') {
            return 0;
        }
        int choice = Integer.parseInt(input);
        return choice <= options ? choice : 0;
    }

    private RouteDecision routeCompany(CenterConfig cfg, Company c, Category category, ZonedDateTime local, String how,
            boolean needsCode) {
        if (category == null) {
            Desk general = generalDesk(cfg);
            return decide(cfg, local, Optional.of(c), Optional.empty(), general, needsCode, RouteDecision.Action.FALLBACK,
                    how + "; no category enrolled -> fallback desk " + general.id());
        }
        Optional<Desk> desk = cfg.deskFor(category);
        if (desk.isEmpty()) {
            Desk general = generalDesk(cfg);
            return decide(cfg, local, Optional.of(c), Optional.of(category), general, needsCode, RouteDecision.Action.FALLBACK,
                    how + "; category " + category.id() + " has no desk -> fallback desk " + general.id());
        }
        return decide(cfg, local, Optional.of(c), Optional.of(category), desk.get(), needsCode, RouteDecision.Action.QUEUE,
                how + "; category " + category.id() + " -> desk " + desk.get().id());
    }

    private static Optional<Company> companyByNumber(CenterConfig cfg, String dialedNumber) {
        return dialedNumber == null ? Optional.empty() : cfg.companyByNumber(dialedNumber);
    }

    private static String whyCodeNeeded(CenterConfig cfg, String dialedNumber) {
        if (dialedNumber == null || dialedNumber.isEmpty()) {
            return "no dialed number";
        } else if (cfg.isSharedNumber(dialedNumber)) {
            return "number " + dialedNumber + " is shared";
        }
        return "number " + dialedNumber + " is not a company number";
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
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
