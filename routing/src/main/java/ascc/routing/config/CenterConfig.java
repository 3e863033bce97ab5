package ascc.routing.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole validated configuration of the center, immutable. Built once per load by the config
 * loader; a reload builds a new one and swaps it atomically.
 */
public final class CenterConfig {
    private final EngineSettings engine;
    private final Map<String, Company> companies;
    private final Map<String, Desk> desks;
    private final Map<String, Agent> agents;
    private final OpeningHours hours;
    private final Map<String, Company> byNumber = new java.util.HashMap<>();
    private final Map<String, Company> byCode = new java.util.HashMap<>();
    private final Map<Category, Desk> deskByCategory = new java.util.EnumMap<>(Category.class);

    public CenterConfig(EngineSettings engine, List<Company> companies, List<Desk> desks, List<Agent> agents, OpeningHours hours) {
        this.engine = engine;
        this.companies = index(companies, Company::id);
        this.desks = index(desks, Desk::id);
        this.agents = index(agents, Agent::id);
        this.hours = hours;
        for (Company c : companies) {
            for (String n : c.numbers()) {
                byNumber.put(n, c);
            }
            byCode.put(c.code(), c);
        }
        for (Desk d : desks) {
            for (Category cat : d.categories()) {
                deskByCategory.putIfAbsent(cat, d);
            }
        }
    }

    private static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> id) {
        Map<String, T> m = new LinkedHashMap<>();
        for (T t : items) {
            m.put(id.apply(t), t);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    public EngineSettings engine() {
        return engine;
    }

    /** Companies by id, in file order. */
    public Map<String, Company> companies() {
        return companies;
    }

    /** Desks by id, in file order. */
    public Map<String, Desk> desks() {
        return desks;
    }

    /** Agents by id, in file order. */
    public Map<String, Agent> agents() {
        return agents;
    }

    public OpeningHours hours() {
        return hours;
    }

    public Optional<Company> companyByNumber(String dialed) {
        return Optional.ofNullable(byNumber.get(dialed));
    }

    public Optional<Company> companyByCode(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    public Optional<Desk> deskFor(Category category) {
        return Optional.ofNullable(deskByCategory.get(category));
    }

    public Desk generalDesk() {
        return desks.get(engine.generalDesk());
    }

    public boolean isSharedNumber(String dialed) {
        return engine.sharedNumbers().contains(dialed);
    }
}
