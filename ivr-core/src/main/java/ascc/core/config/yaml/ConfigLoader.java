package ascc.core.config.yaml;

import ascc.routing.config.Agent;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Desk;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.OpeningHours;
import ascc.routing.config.Problem;
import ascc.routing.config.Secret;

import static ascc.core.config.yaml.ConfigValues.matching;
import static ascc.core.config.yaml.ConfigValues.rawId;
import static ascc.core.config.yaml.ConfigValues.secret;
import static ascc.core.config.yaml.ConfigValues.topList;

import ascc.routing.InquiryType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;


/**
 * Reads a config directory ({@code engine.yaml}, {@code companies.yaml}, {@code desks.yaml},
 * {@code agents.yaml}, {@code hours.yaml}, {@code holidays.yaml}) into one immutable {@link CenterConfig}.
 *
 * <p>Every problem in every file is collected (file, 1-based line, dotted key path, what is allowed)
 * and thrown together as one {@link ConfigException}, sorted by file and line; nothing is built
 * unless the whole directory is valid. Any value may be written {@code ${NAME}} or
 * {@code ${NAME:-default}} to take it from the environment.
 */
public final class ConfigLoader {
    /** The files of a config directory. */
    public static final List<String> FILES =
            List.of("engine.yaml", "companies.yaml", "desks.yaml", "agents.yaml", "hours.yaml", "holidays.yaml");

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    static final Pattern CODE = Pattern.compile("\\d{3,6}");
    static final Pattern NUMBER = Pattern.compile("\\d{3,20}");
    static final Pattern AGENT_ID = Pattern.compile("\\d{3,8}");

    public static final String ID_ALLOWED = "a lowercase letter or digit, then up to 31 lowercase letters, digits or '-', e.g. hanbit";
    static final String CODE_ALLOWED = "3 to 6 digits, e.g. \"101\"";
    static final String NUMBER_ALLOWED = "3 to 20 digits, e.g. \"0215880001\"";
    static final String AGENT_ID_ALLOWED = "3 to 8 digits, e.g. \"1001\"";
    static final String DATE_ALLOWED = "a date YYYY-MM-DD, e.g. 2026-12-31";

    private static final List<String> COMPANY_KEYS = List.of("id", "name", "code", "numbers", "categories", "vip", "inquiry-types");
    private static final List<String> DESK_KEYS = List.of("id", "name", "categories", "wrap-up-seconds", "dispositions");
    private static final List<String> AGENT_KEYS = List.of("id", "name", "password", "desks");

    static final String DEFAULT_EMBEDDED_PATH = "var/db/ascc";
    static final int DEFAULT_WRAP_UP_SECONDS = 10;

    private final Path dir;
    private final Map<String, String> env;
    private final List<Problem> problems = new ArrayList<>();

    // What each file yielded; null parts stay null when the file had problems.
    private EngineYaml engine;
    private Set<String> sharedNumbers;
    private final List<Company> companies = new ArrayList<>();
    private final List<YamlDoc.Item> enrolled = new ArrayList<>();
    private final Map<String, String> enrolledBy = new HashMap<>();
    private Set<String> companyIds;
    private final List<Desk> desks = new ArrayList<>();
    private Set<String> deskIds;
    private final Set<Category> served = new HashSet<>();
    private final List<Agent> agents = new ArrayList<>();
    private HoursYaml hours;

    private ConfigLoader(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** Loads {@code dir} taking {@code ${NAME}} references from the process environment. */
    public static CenterConfig load(Path dir) throws ConfigException {
        return load(dir, System.getenv());
    }

    /**
     * Loads {@code dir} taking {@code ${NAME}} references from {@code env}.
     *
     * @throws ConfigException with every problem found in every file, sorted by file then line
     */
    public static CenterConfig load(Path dir, Map<String, String> env) throws ConfigException {
        return new ConfigLoader(dir, Map.copyOf(env)).run();
    }

    /**
     * Reads only {@code engine.yaml}: for tools that need the engine's addresses and token (e.g. {@code ivr reload}) even while
     * another file holds an invalid edit.
     *
     * @throws ConfigException with the problems of {@code engine.yaml}
     */
    public static EngineSettings loadEngine(Path dir, Map<String, String> env) throws ConfigException {
        ConfigLoader l = new ConfigLoader(dir, Map.copyOf(env));
        YamlDoc doc = YamlDoc.read(dir, "engine.yaml", l.problems, l.env);
        EngineSettings engine = doc == null ? null : EngineYaml.of(doc).engine;
        if (!l.problems.isEmpty() || engine == null) {
            List<Problem> sorted = new ArrayList<>(l.problems);
            sorted.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
            if (sorted.isEmpty()) {
                sorted.add(new Problem("engine.yaml", 0, "", "engine settings could not be read"));
            }
            throw new ConfigException(sorted);
        }
        return engine;
    }

    private CenterConfig run() throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(List.of(new Problem("(dir)", 0, "(dir)",
                    "config directory not found: " + dir.toAbsolutePath().normalize())));
        }
        YamlDoc engineDoc = YamlDoc.read(dir, "engine.yaml", problems, env);
        YamlDoc desksDoc = YamlDoc.read(dir, "desks.yaml", problems, env);
        YamlDoc companiesDoc = YamlDoc.read(dir, "companies.yaml", problems, env);
        YamlDoc agentsDoc = YamlDoc.read(dir, "agents.yaml", problems, env);
        YamlDoc hoursDoc = YamlDoc.read(dir, "hours.yaml", problems, env);
        YamlDoc holidaysDoc = YamlDoc.read(dir, "holidays.yaml", problems, env);
        if (engineDoc != null) {
            engine = EngineYaml.of(engineDoc);
            sharedNumbers = engine.sharedNumbers;
        }
        if (desksDoc != null) {
            readDesks(desksDoc);
        }
        if (companiesDoc != null) {
            readCompanies(companiesDoc);
        }
        if (agentsDoc != null) {
            readAgents(agentsDoc);
        }
        hours = new HoursYaml(companyIds, deskIds);
        if (hoursDoc != null) {
            hours.readHours(hoursDoc);
        }
        if (holidaysDoc != null) {
            hours.readHolidays(holidaysDoc);
        }
        crossCheck(engineDoc, companiesDoc);
        if (!problems.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
            throw new ConfigException(sorted);
        }
        OpeningHours h = hours.hours;
        OpeningHours withHolidays = new OpeningHours(h.defaults(), h.byCompany(), h.byDesk(), hours.holidays, h.closures(),
                h.afterHoursDefault(), h.afterHoursByCompany());
        return new CenterConfig(engine.engine, companies, desks, agents, withHolidays);
    }

    // ---------------------------------------------------------------- desks.yaml

    private void readDesks(YamlDoc doc) {
        List<YamlDoc.Section> items = topList(doc, "desks", DESK_KEYS, "desks");
        if (items == null) {
            return;
        }
        deskIds = new LinkedHashSet<>();
        Map<String, Integer> idLines = new HashMap<>();
        Map<Category, String> servedBy = new EnumMap<>(Category.class);
        for (YamlDoc.Section d : items) {
            int before = doc.problemCount();
            String id = rawId(d);
            String validId = matching(d, "id", ID, "desk id", ID_ALLOWED);
            if (id != null) {
                deskIds.add(id);
            }
            if (validId != null) {
                Integer first = idLines.putIfAbsent(validId, YamlDoc.line(d.get("id").value()));
                if (first != null) {
                    doc.problem(d.get("id").value(), d.get("id").path(),
                            "duplicate desk id '" + validId + "' (first at line " + first + ")");
                }
            }
            String name = d.requiredText("name", "a display name");
            List<Category> cats = List.of();
            YamlDoc.Entry catEntry = d.get("categories");
            if (catEntry != null) {
                List<YamlDoc.Item> catItems = new ArrayList<>();
                cats = categories(doc, catEntry, false, catItems);
                if (cats != null) {
                    for (int i = 0; i < cats.size(); i++) {
                        Category c = cats.get(i);
                        String owner = servedBy.putIfAbsent(c, id + " (line " + YamlDoc.line(catItems.get(i).node()) + ")");
                        if (owner != null) {
                            doc.problem(catItems.get(i).node(), catItems.get(i).path(), "category '" + c.id()
                                    + "' is already served by desk " + owner + "; a category may be served by at most one desk");
                        }
                    }
                }
            }
            if (cats != null) {
                served.addAll(cats);
            }
            int wrapUp = DEFAULT_WRAP_UP_SECONDS;
            YamlDoc.Entry w = d.get("wrap-up-seconds");
            if (w != null) {
                Integer v = doc.integer(w.value(), w.path(), 0, 600, "wrap-up seconds");
                wrapUp = v == null ? -1 : v;
            }
            YamlDoc.Entry disp = d.get("dispositions");
            List<ascc.routing.config.Disposition> codes = disp == null ? List.of() : DispositionsYaml.read(doc, disp);
            if (doc.problemCount() == before) {
                desks.add(new Desk(validId, name, cats, wrapUp, codes));
            }
        }
    }

    /**
     * Category ids of a list, reported when unknown or duplicated; null when a problem was reported.
     * With {@code atLeastOne} an empty list is a problem too.
     */
    private static List<Category> categories(YamlDoc doc, YamlDoc.Entry e, boolean atLeastOne, List<YamlDoc.Item> itemsOut) {
        int before = doc.problemCount();
        List<YamlDoc.Item> items = doc.texts(e.value(), e.path(), "categories (one of: " + Category.allowedIds() + ")");
        if (items == null) {
            return null;
        }
        if (atLeastOne && items.isEmpty() && doc.problemCount() == before) {
            doc.problem(e.value(), e.path(), "expected 1 to " + Category.values().length + " categories, found none (allowed: "
                    + Category.allowedIds() + ")");
            return null;
        }
        List<Category> out = new ArrayList<>();
        Map<Category, String> seen = new EnumMap<>(Category.class);
        for (YamlDoc.Item it : items) {
            Optional<Category> c = Category.byId(it.value());
            if (c.isEmpty()) {
                doc.problem(it.node(), it.path(), "unknown category '" + it.value() + "' (allowed: " + Category.allowedIds() + ")");
            } else if (seen.containsKey(c.get())) {
                doc.problem(it.node(), it.path(), "duplicate category '" + it.value() + "' (already at " + seen.get(c.get()) + ")");
            } else {
                seen.put(c.get(), it.path());
                out.add(c.get());
                itemsOut.add(it);
            }
        }
        return doc.problemCount() == before ? out : null;
    }

    // ---------------------------------------------------------------- companies.yaml

    private void readCompanies(YamlDoc doc) {
        List<YamlDoc.Section> items = topList(doc, "companies", COMPANY_KEYS, "companies");
        if (items == null) {
            return;
        }
        companyIds = new LinkedHashSet<>();
        Map<String, Integer> idLines = new HashMap<>();
        Map<String, String> codes = new HashMap<>();
        Map<String, String> numbers = new HashMap<>();
        for (YamlDoc.Section c : items) {
            int before = doc.problemCount();
            String raw = rawId(c);
            if (raw != null) {
                companyIds.add(raw);
            }
            String id = matching(c, "id", ID, "company id", ID_ALLOWED);
            if (id != null) {
                Integer first = idLines.putIfAbsent(id, YamlDoc.line(c.get("id").value()));
                if (first != null) {
                    doc.problem(c.get("id").value(), c.get("id").path(), "duplicate company id '" + id + "' (first at line " + first + ")");
                }
            }
            String name = c.requiredText("name", "a display name");
            String code = matching(c, "code", CODE, "code", CODE_ALLOWED);
            if (code != null) {
                String owner = codes.putIfAbsent(code, (id == null ? raw : id) + " (line " + YamlDoc.line(c.get("code").value()) + ")");
                if (owner != null) {
                    doc.problem(c.get("code").value(), c.get("code").path(), "code '" + code + "' is already used by company " + owner
                            + "; each code belongs to one company");
                }
            }
            List<String> nums = companyNumbers(doc, c, id == null ? raw : id, numbers);
            List<String> vip = vipNumbers(doc, c);
            List<InquiryType> inquiries = inquiryTypes(doc, c);
            YamlDoc.Entry catEntry = c.require("categories", "1 to " + Category.values().length + " of: " + Category.allowedIds());
            List<YamlDoc.Item> catItems = new ArrayList<>();
            List<Category> cats = catEntry == null ? null : categories(doc, catEntry, true, catItems);
            if (cats != null) {
                for (YamlDoc.Item it : catItems) {
                    enrolled.add(it);
                    enrolledBy.put(it.path(), id == null ? raw : id);
                }
            }
            if (doc.problemCount() == before) {
                companies.add(new Company(id, name, code, nums, cats, vip, inquiries));
            }
        }
    }

    /** Optional {@code inquiry-types}: the company's inquiry menu, in digit order; 1 to 4 distinct types. */
    private static List<InquiryType> inquiryTypes(YamlDoc doc, YamlDoc.Section c) {
        YamlDoc.Entry e = c.get("inquiry-types");
        if (e == null) {
            return List.of();
        }
        String allowed = "1 to 4 distinct inquiry types in menu order, of: " + InquiryType.allowedIds();
        List<YamlDoc.Item> items = doc.texts(e.value(), e.path(), "inquiry-types (" + allowed + ")");
        if (items == null) {
            return null;
        }
        List<InquiryType> out = new ArrayList<>();
        for (YamlDoc.Item it : items) {
            java.util.Optional<InquiryType> t = InquiryType.byId(it.value());
            if (t.isEmpty()) {
                doc.problem(it.node(), it.path(), "unknown inquiry type '" + it.value() + "' (allowed: " + allowed + ")");
            } else if (out.contains(t.get())) {
                doc.problem(it.node(), it.path(), "inquiry type '" + it.value() + "' is listed twice (allowed: " + allowed + ")");
            } else {
                out.add(t.get());
            }
        }
        if (items.isEmpty()) {
            doc.problem(e.value(), e.path(), "empty list (allowed: " + allowed + ")");
        }
        return out;
    }

    /** Optional {@code vip}: callers' numbers (digits, an optional leading +), answered first. */
    private static List<String> vipNumbers(YamlDoc doc, YamlDoc.Section c) {
        YamlDoc.Entry e = c.get("vip");
        if (e == null) {
            return List.of();
        }
        String allowed = "callers' numbers, 3 to 20 digits with an optional leading +, e.g. [\"01012345678\"]";
        List<YamlDoc.Item> items = doc.texts(e.value(), e.path(), "vip (" + allowed + ")");
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (YamlDoc.Item it : items) {
            if (!it.value().matches("\\+?\\d{3,20}")) {
                // the value is not echoed: it is a customer's number
                doc.problem(it.node(), it.path(), "invalid VIP number (allowed: " + allowed + ")");
                continue;
            }
            out.add(it.value());
        }
        return out;
    }

    private List<String> companyNumbers(YamlDoc doc, YamlDoc.Section c, String company, Map<String, String> numbers) {
        YamlDoc.Entry e = c.get("numbers");
        if (e == null) {
            return List.of();
        }
        List<YamlDoc.Item> items = doc.texts(e.value(), e.path(), "numbers (" + NUMBER_ALLOWED + ")");
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (YamlDoc.Item it : items) {
            String n = it.value();
            if (!NUMBER.matcher(n).matches()) {
                doc.problem(it.node(), it.path(), "invalid number '" + n + "' (allowed: " + NUMBER_ALLOWED + ")");
                continue;
            }
            if (sharedNumbers != null && sharedNumbers.contains(n)) {
                doc.problem(it.node(), it.path(), "number '" + n + "' is a shared number of the center (engine.yaml"
                        + " center.shared-numbers); a company's own numbers must differ");
                continue;
            }
            String owner = numbers.putIfAbsent(n, company + " (line " + YamlDoc.line(it.node()) + ")");
            if (owner != null) {
                doc.problem(it.node(), it.path(), "number '" + n + "' is already used by company " + owner
                        + "; each number belongs to one company");
                continue;
            }
            out.add(n);
        }
        return out;
    }

    // ---------------------------------------------------------------- agents.yaml

    private void readAgents(YamlDoc doc) {
        List<YamlDoc.Section> items = topList(doc, "agents", AGENT_KEYS, "agents");
        if (items == null) {
            return;
        }
        Map<String, Integer> idLines = new HashMap<>();
        for (YamlDoc.Section a : items) {
            int before = doc.problemCount();
            String id = matching(a, "id", AGENT_ID, "agent id", AGENT_ID_ALLOWED);
            if (id != null) {
                Integer first = idLines.putIfAbsent(id, YamlDoc.line(a.get("id").value()));
                if (first != null) {
                    doc.problem(a.get("id").value(), a.get("id").path(), "duplicate agent id '" + id + "' (first at line " + first + ")");
                }
            }
            String name = a.requiredText("name", "a display name");
            Secret password = secret(a, "password", "password");
            Map<String, Integer> skills = skills(doc, a);
            if (doc.problemCount() == before) {
                agents.add(new Agent(id, name, password, skills));
            }
        }
    }

    private Map<String, Integer> skills(YamlDoc doc, YamlDoc.Section a) {
        String allowed = "desk id -> proficiency 1 (trainee) .. 5 (expert), e.g. {appliance: 5, general: 2}";
        YamlDoc.Entry e = a.require("desks", allowed);
        if (e == null) {
            return null;
        }
        Map<String, YamlDoc.Entry> entries = doc.mapping(e.value(), e.path(), null);
        if (entries == null) {
            return null;
        }
        if (entries.isEmpty()) {
            doc.problem(e.value(), e.path(), "expected at least one desk (allowed: " + allowed + ")");
            return null;
        }
        Map<String, Integer> skills = new LinkedHashMap<>();
        for (YamlDoc.Entry d : entries.values()) {
            if (deskIds != null && !deskIds.contains(d.name())) {
                doc.problem(d.key(), d.path(), "unknown desk '" + d.name() + "' (desks: " + names(deskIds) + ")");
            }
            Integer p = doc.integer(d.value(), d.path(), 1, 5, "proficiency");
            if (p != null) {
                skills.put(d.name(), p);
            }
        }
        return skills;
    }

    /** Ids for an error message: all of a short list, the first {@value #NAMES_SHOWN} and a count of a long one. */
    public static String names(Set<String> ids) {
        if (ids.isEmpty()) {
            return "none";
        }
        if (ids.size() <= NAMES_SHOWN) {
            return String.join(", ", ids);
        }
        return String.join(", ", ids.stream().limit(NAMES_SHOWN).toList()) + ", ... (" + ids.size() + " in all)";
    }

    private static final int NAMES_SHOWN = 10;

    // ---------------------------------------------------------------- across files

    private void crossCheck(YamlDoc engineDoc, YamlDoc companiesDoc) {
        String generalDesk = engine == null ? null : engine.generalDesk;
        if (engineDoc != null && generalDesk != null && deskIds != null && !deskIds.contains(generalDesk)) {
            engineDoc.problem(engine.generalDeskEntry.value(), engine.generalDeskEntry.path(), "desk '" + generalDesk
                    + "' does not exist in desks.yaml (desks: " + names(deskIds) + "); the general desk takes calls nobody else can");
        }
        if (companiesDoc != null && deskIds != null) {
            for (YamlDoc.Item it : enrolled) {
                Category c = Category.byId(it.value()).orElseThrow();
                if (!served.contains(c)) {
                    companiesDoc.problem(it.node(), it.path(), "category '" + c.id() + "' of company " + enrolledBy.get(it.path())
                            + " is not served by any desk in desks.yaml (add it to one desk's categories); its calls would have"
                            + " nowhere to go");
                }
            }
        }
        if (problems.isEmpty() && (engine == null || engine.engine == null || hours.hours == null || !hours.holidaysOk)) {
            throw new IllegalStateException("config loader bug: no problem reported but a part is missing (engine="
                    + (engine != null && engine.engine != null) + ", hours=" + (hours.hours != null) + ", holidays=" + hours.holidaysOk
                    + ")");
        }
    }
}
