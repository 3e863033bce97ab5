package ascc.routing.config;

import ascc.routing.InquiryType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
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

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

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
    private static final Pattern HOST = Pattern.compile("\\S+");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]+");

    static final String ID_ALLOWED = "a lowercase letter or digit, then up to 31 lowercase letters, digits or '-', e.g. hanbit";
    static final String CODE_ALLOWED = "3 to 6 digits, e.g. \"101\"";
    static final String NUMBER_ALLOWED = "3 to 20 digits, e.g. \"0215880001\"";
    static final String AGENT_ID_ALLOWED = "3 to 8 digits, e.g. \"1001\"";
    static final String DATE_ALLOWED = "a date YYYY-MM-DD, e.g. 2026-12-31";
    private static final String HOST_ALLOWED = "a host name or IP address, e.g. 127.0.0.1";
    private static final String SECRET_ALLOWED = "at least 8 characters without spaces, ';' or '\"'";
    private static final int MIN_SECRET = 8;

    private static final List<String> ENGINE_KEYS = List.of("agi", "ami", "database", "http", "center", "asterisk");
    private static final List<String> AGI_KEYS = List.of("bind", "port", "url-host");
    private static final List<String> AMI_KEYS = List.of("host", "port", "username", "secret");
    private static final List<String> DB_KEYS = List.of("url", "username", "password", "embedded-path", "spool-dir");
    private static final List<String> HTTP_KEYS = List.of("bind", "port", "admin-token");
    private static final List<String> CENTER_KEYS = List.of("timezone", "shared-numbers", "general-desk", "repeat-caller-days",
            "repeat-caller-priority", "repeat-fault-priority", "vip-priority");
    private static final List<String> ASTERISK_KEYS = List.of("sip-bind", "sip-port", "trunk-match", "config-dir", "cdr-file");
    private static final List<String> COMPANY_KEYS = List.of("id", "name", "code", "numbers", "categories", "vip", "inquiry-types");
    private static final List<String> DESK_KEYS = List.of("id", "name", "categories", "wrap-up-seconds");
    private static final List<String> AGENT_KEYS = List.of("id", "name", "password", "desks");
    private static final List<String> AFTER_HOURS_KEYS = List.of("default", "companies");
    private static final List<String> HOURS_KEYS = List.of("default", "companies", "desks", "closures", "after-hours");
    private static final List<String> CLOSURE_KEYS = List.of("date", "company", "reason");
    private static final List<String> HOLIDAY_KEYS = List.of("date", "name");

    static final String DEFAULT_EMBEDDED_PATH = "var/db/ascc";
    static final int DEFAULT_WRAP_UP_SECONDS = 10;

    private final Path dir;
    private final Map<String, String> env;
    private final List<Problem> problems = new ArrayList<>();

    // What each file yielded; null parts stay null when the file had problems.
    private EngineSettings engine;
    private Set<String> sharedNumbers;
    private YamlDoc.Entry generalDeskEntry;
    private String generalDesk;
    private final List<Company> companies = new ArrayList<>();
    private final List<YamlDoc.Item> enrolled = new ArrayList<>();
    private final Map<String, String> enrolledBy = new HashMap<>();
    private Set<String> companyIds;
    private final List<Desk> desks = new ArrayList<>();
    private Set<String> deskIds;
    private final Set<Category> served = new HashSet<>();
    private final List<Agent> agents = new ArrayList<>();
    private OpeningHours hours;
    private final List<Holiday> holidays = new ArrayList<>();
    private boolean holidaysOk;

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
        if (doc != null) {
            l.readEngine(doc);
        }
        if (!l.problems.isEmpty() || l.engine == null) {
            List<Problem> sorted = new ArrayList<>(l.problems);
            sorted.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
            if (sorted.isEmpty()) {
                sorted.add(new Problem("engine.yaml", 0, "", "engine settings could not be read"));
            }
            throw new ConfigException(sorted);
        }
        return l.engine;
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
            readEngine(engineDoc);
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
        if (hoursDoc != null) {
            readHours(hoursDoc);
        }
        if (holidaysDoc != null) {
            readHolidays(holidaysDoc);
        }
        crossCheck(engineDoc, companiesDoc);
        if (!problems.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
            throw new ConfigException(sorted);
        }
        OpeningHours withHolidays = new OpeningHours(hours.defaults(), hours.byCompany(), hours.byDesk(), holidays, hours.closures(),
                hours.afterHoursDefault(), hours.afterHoursByCompany());
        return new CenterConfig(engine, companies, desks, agents, withHolidays);
    }

    // ---------------------------------------------------------------- engine.yaml

    private void readEngine(YamlDoc doc) {
        YamlDoc.Section root = doc.section(doc.root(), "", ENGINE_KEYS);
        if (root == null) {
            return;
        }
        int before = doc.problemCount();
        YamlDoc.Section agi = subsection(root, "agi", AGI_KEYS, true);
        YamlDoc.Section ami = subsection(root, "ami", AMI_KEYS, true);
        YamlDoc.Section db = subsection(root, "database", DB_KEYS, false);
        YamlDoc.Section http = subsection(root, "http", HTTP_KEYS, true);
        YamlDoc.Section center = subsection(root, "center", CENTER_KEYS, true);
        YamlDoc.Section asterisk = subsection(root, "asterisk", ASTERISK_KEYS, true);

        String agiBind = agi == null ? null : host(agi, "bind");
        Integer agiPort = agi == null ? null : agi.requiredInt("port", 1, 65535, "port");
        String agiUrlHost = agi == null ? null : optionalHost(agi, "url-host", agiBind);

        String amiHost = ami == null ? null : host(ami, "host");
        Integer amiPort = ami == null ? null : ami.requiredInt("port", 1, 65535, "port");
        String amiUser = ami == null ? null : matching(ami, "username", USER, "user name", "letters, digits, '_', '.' or '-'");
        Secret amiSecret = ami == null ? null : secret(ami, "secret", "secret");

        String dbUrl = "";
        String dbUser = "";
        Secret dbPassword = Secret.of("");
        String embeddedPath = DEFAULT_EMBEDDED_PATH;
        String spoolDir = EngineSettings.DEFAULT_SPOOL_DIR;
        if (db != null) {
            dbUrl = db.optionalText("url", "");
            if (dbUrl != null && !dbUrl.isEmpty() && !dbUrl.startsWith("jdbc:")) {
                // the URL is not echoed: it may carry a password
                Node at = db.get("url").value();
                doc.problem(at, db.get("url").path(), "invalid JDBC URL (allowed: empty for the embedded database,"
                        + " or a URL starting with jdbc:, e.g. jdbc:mariadb://localhost:3306/ascc)");
            }
            dbUser = db.optionalText("username", "");
            String pw = db.optionalText("password", "");
            dbPassword = pw == null ? null : Secret.of(pw);
            YamlDoc.Entry pathEntry = db.get("embedded-path");
            if (pathEntry != null) {
                embeddedPath = doc.nonEmpty(pathEntry.value(), pathEntry.path(),
                        "a file path without suffix, e.g. " + DEFAULT_EMBEDDED_PATH);
            }
            YamlDoc.Entry spoolEntry = db.get("spool-dir");
            if (spoolEntry != null) {
                spoolDir = doc.nonEmpty(spoolEntry.value(), spoolEntry.path(),
                        "a directory for call records kept while the database is away, e.g. " + EngineSettings.DEFAULT_SPOOL_DIR);
            }
        }

        String httpBind = http == null ? null : host(http, "bind");
        Integer httpPort = http == null ? null : http.requiredInt("port", 1, 65535, "port");
        Secret adminToken = http == null ? null : secret(http, "admin-token", "admin token");

        ZoneId zone = null;
        List<String> shared = null;
        Priorities priorities = Priorities.DEFAULTS;
        if (center != null) {
            Integer days = optionalInt(center, "repeat-caller-days", 0, 365, Priorities.DEFAULTS.repeatCallerDays(), "number of days");
            Integer repeat = optionalInt(center, "repeat-caller-priority", 0, 100, Priorities.DEFAULTS.repeatCallerPriority(), "priority");
            Integer fault = optionalInt(center, "repeat-fault-priority", 0, 100, Priorities.DEFAULTS.repeatFaultPriority(), "priority");
            Integer vip = optionalInt(center, "vip-priority", 0, 100, Priorities.DEFAULTS.vipPriority(), "priority");
            if (days != null && repeat != null && fault != null && vip != null) {
                priorities = new Priorities(days, repeat, fault, vip);
            }
            zone = zone(center);
            shared = sharedNumbers(center);
            generalDeskEntry = center.get("general-desk");
            generalDesk = matching(center, "general-desk", ID, "desk id", ID_ALLOWED);
        }

        String sipBind = asterisk == null ? null : host(asterisk, "sip-bind");
        Integer sipPort = asterisk == null ? null : asterisk.requiredInt("sip-port", 1, 65535, "port");
        List<String> trunkMatch = asterisk == null ? null : trunkMatch(asterisk);
        String asteriskConfigDir = asterisk == null ? "" : asterisk.optionalText("config-dir", "");
        String asteriskCdrFile = asterisk == null ? "" : asterisk.optionalText("cdr-file", "");

        if (doc.problemCount() == before) {
            engine = new EngineSettings(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword,
                    embeddedPath, httpBind, httpPort, adminToken, zone, shared, generalDesk, sipBind, sipPort, trunkMatch,
                    agiUrlHost, asteriskConfigDir, spoolDir, priorities, asteriskCdrFile);
        }
    }

    private static Integer optionalInt(YamlDoc.Section s, String key, int min, int max, int dflt, String what) {
        YamlDoc.Entry e = s.get(key);
        return e == null ? Integer.valueOf(dflt) : s.doc().integer(e.value(), e.path(), min, max, what);
    }

    private static YamlDoc.Section subsection(YamlDoc.Section parent, String key, List<String> keys, boolean required) {
        String allowed = "a mapping with keys: " + String.join(", ", keys);
        YamlDoc.Entry e = required ? parent.require(key, allowed) : parent.get(key);
        return e == null ? null : parent.doc().section(e.value(), e.path(), keys);
    }

    private static String host(YamlDoc.Section s, String key) {
        return matching(s, key, HOST, "address", HOST_ALLOWED);
    }

    private static String optionalHost(YamlDoc.Section s, String key, String dflt) {
        YamlDoc.Entry e = s.get(key);
        if (e == null) {
            return dflt;
        }
        return checked(s.doc(), e, HOST, "address", HOST_ALLOWED);
    }

    /** A required value matching {@code pattern}, or null (reported). */
    private static String matching(YamlDoc.Section s, String key, Pattern pattern, String what, String allowed) {
        YamlDoc.Entry e = s.require(key, allowed);
        return e == null ? null : checked(s.doc(), e, pattern, what, allowed);
    }

    private static String checked(YamlDoc doc, YamlDoc.Entry e, Pattern pattern, String what, String allowed) {
        String v = doc.nonEmpty(e.value(), e.path(), allowed);
        if (v == null) {
            return null;
        }
        if (!pattern.matcher(v).matches()) {
            doc.problem(e.value(), e.path(), "invalid " + what + " '" + v + "' (allowed: " + allowed + ")");
            return null;
        }
        return v;
    }

    /** A secret value; never echoed in a problem. */
    private static Secret secret(YamlDoc.Section s, String key, String what) {
        YamlDoc.Entry e = s.require(key, SECRET_ALLOWED);
        if (e == null) {
            return null;
        }
        String v = s.doc().text(e.value(), e.path());
        if (v == null) {
            return null;
        }
        if (v.isEmpty()) {
            s.doc().problem(e.value(), e.path(), "empty " + what + " (allowed: " + SECRET_ALLOWED + ")");
            return null;
        }
        if (v.length() < MIN_SECRET) {
            s.doc().problem(e.value(), e.path(), what + " is too short (allowed: " + SECRET_ALLOWED + ")");
            return null;
        }
        if (v.chars().anyMatch(c -> Character.isWhitespace(c) || c == ';' || c == '"')) {
            s.doc().problem(e.value(), e.path(), what + " contains a space, ';' or '\"' (allowed: " + SECRET_ALLOWED + ")");
            return null;
        }
        return Secret.of(v);
    }

    private static ZoneId zone(YamlDoc.Section center) {
        String allowed = "a region id such as Asia/Seoul or UTC";
        YamlDoc.Entry e = center.require("timezone", allowed);
        if (e == null) {
            return null;
        }
        String v = center.doc().nonEmpty(e.value(), e.path(), allowed);
        if (v == null) {
            return null;
        }
        try {
            return ZoneId.of(v);
        } catch (DateTimeException ex) {
            center.doc().problem(e.value(), e.path(), "unknown time zone '" + v + "' (allowed: " + allowed + ")");
            return null;
        }
    }

    private List<String> sharedNumbers(YamlDoc.Section center) {
        YamlDoc doc = center.doc();
        YamlDoc.Entry e = center.require("shared-numbers", "a list of numbers, " + NUMBER_ALLOWED + "; may be []");
        if (e == null) {
            return null;
        }
        int before = doc.problemCount();
        List<YamlDoc.Item> items = doc.texts(e.value(), e.path(), "numbers (" + NUMBER_ALLOWED + ")");
        if (items == null) {
            return null;
        }
        Map<String, String> seen = new LinkedHashMap<>();
        boolean ok = true;
        for (YamlDoc.Item it : items) {
            if (!NUMBER.matcher(it.value()).matches()) {
                doc.problem(it.node(), it.path(), "invalid number '" + it.value() + "' (allowed: " + NUMBER_ALLOWED + ")");
                ok = false;
            } else if (seen.containsKey(it.value())) {
                doc.problem(it.node(), it.path(), "duplicate shared number '" + it.value() + "' (already at " + seen.get(it.value()) + ")");
                ok = false;
            } else {
                seen.put(it.value(), it.path());
            }
        }
        sharedNumbers = Set.copyOf(seen.keySet());
        return ok && doc.problemCount() == before ? List.copyOf(seen.keySet()) : null;
    }

    private static List<String> trunkMatch(YamlDoc.Section s) {
        YamlDoc doc = s.doc();
        String allowed = "addresses or networks, e.g. [127.0.0.1] or [192.0.2.0/24]";
        YamlDoc.Entry e = s.require("trunk-match", allowed);
        if (e == null) {
            return null;
        }
        int before = doc.problemCount();
        List<YamlDoc.Item> items = doc.texts(e.value(), e.path(), allowed);
        if (items == null) {
            return null;
        }
        if (items.isEmpty() && doc.problemCount() == before) {
            doc.problem(e.value(), e.path(), "expected at least one address or network (allowed: " + allowed + ")");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (YamlDoc.Item it : items) {
            if (!HOST.matcher(it.value()).matches()) {
                doc.problem(it.node(), it.path(), "invalid address '" + it.value() + "' (allowed: " + allowed + ")");
            } else {
                out.add(it.value());
            }
        }
        return doc.problemCount() == before ? out : null;
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
            if (doc.problemCount() == before) {
                desks.add(new Desk(validId, name, cats, wrapUp));
            }
        }
    }

    /** The id as written (even if invalid), to avoid follow-up "unknown id" problems elsewhere. */
    private static String rawId(YamlDoc.Section s) {
        YamlDoc.Entry e = s.get("id");
        if (e == null || !(e.value() instanceof ScalarNode sc)) {
            return null;
        }
        return sc.getValue().trim();
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

    /** The mapping items of the file's single top-level list key, or null (reported). */
    private static List<YamlDoc.Section> topList(YamlDoc doc, String key, List<String> itemKeys, String what) {
        YamlDoc.Section root = doc.section(doc.root(), "", List.of(key));
        if (root == null) {
            return null;
        }
        YamlDoc.Entry e = root.require(key, "a list of " + what + ", each a mapping with keys: " + String.join(", ", itemKeys));
        if (e == null) {
            return null;
        }
        List<Node> nodes = doc.list(e.value(), e.path(), what + " (each a mapping with keys: " + String.join(", ", itemKeys) + ")");
        if (nodes == null) {
            return null;
        }
        List<YamlDoc.Section> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            YamlDoc.Section s = doc.section(nodes.get(i), YamlDoc.item(key, i), itemKeys);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
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
    static String names(Set<String> ids) {
        if (ids.isEmpty()) {
            return "none";
        }
        if (ids.size() <= NAMES_SHOWN) {
            return String.join(", ", ids);
        }
        return String.join(", ", ids.stream().limit(NAMES_SHOWN).toList()) + ", ... (" + ids.size() + " in all)";
    }

    private static final int NAMES_SHOWN = 10;

    // ---------------------------------------------------------------- hours.yaml

    private static AfterHours afterHours(YamlDoc doc, YamlDoc.Entry e) {
        String v = doc.text(e.value(), e.path());
        if (v == null) {
            return AfterHours.CALLBACK;
        }
        return AfterHours.byId(v.trim()).orElseGet(() -> {
            doc.problem(e.value(), e.path(), "unknown after-hours choice '" + v.trim() + "' (allowed: " + AfterHours.allowedIds() + ")");
            return AfterHours.CALLBACK;
        });
    }

    private void readHours(YamlDoc doc) {
        YamlDoc.Section root = doc.section(doc.root(), "", HOURS_KEYS);
        if (root == null) {
            return;
        }
        int before = doc.problemCount();
        YamlDoc.Entry def = root.require("default", "weekly hours, e.g. {mon-fri: \"09:00-18:00\", sat: \"09:00-13:00\"}");
        Map<DayOfWeek, List<TimeRange>> defaults =
                def == null ? null : HoursParser.weekly(doc, def.value(), def.path(), HoursParser.closedWeek());
        Map<String, WeeklyHours> byCompany = overrides(doc, root.get("companies"), defaults, companyIds, "company", "companies");
        Map<String, WeeklyHours> byDesk = overrides(doc, root.get("desks"), defaults, deskIds, "desk", "desks");
        List<Closure> closures = closures(doc, root.get("closures"));
        AfterHours afterDefault = AfterHours.CALLBACK;
        Map<String, AfterHours> afterByCompany = new java.util.LinkedHashMap<>();
        YamlDoc.Entry after = root.get("after-hours");
        if (after != null) {
            YamlDoc.Section a = doc.section(after.value(), after.path(), AFTER_HOURS_KEYS);
            if (a != null) {
                YamlDoc.Entry d = a.get("default");
                if (d != null) {
                    afterDefault = afterHours(doc, d);
                }
                YamlDoc.Entry comps = a.get("companies");
                if (comps != null) {
                    Map<String, YamlDoc.Entry> m = doc.mapping(comps.value(), comps.path(), null);
                    for (YamlDoc.Entry ce : m == null ? List.<YamlDoc.Entry>of() : m.values()) {
                        if (!companyIds.contains(ce.name())) {
                            doc.problem(ce.key(), ce.path(), "unknown company '" + ce.name() + "' (companies: "
                                    + names(companyIds) + ")");
                        } else {
                            afterByCompany.put(ce.name(), afterHours(doc, ce));
                        }
                    }
                }
            }
        }
        if (doc.problemCount() == before) {
            hours = new OpeningHours(new WeeklyHours(defaults), byCompany, byDesk, List.of(), closures, afterDefault,
                    afterByCompany);
        }
    }

    private static Map<String, WeeklyHours> overrides(YamlDoc doc, YamlDoc.Entry e, Map<DayOfWeek, List<TimeRange>> defaults,
            Set<String> known, String what, String plural) {
        Map<String, WeeklyHours> out = new LinkedHashMap<>();
        if (e == null) {
            return out;
        }
        Map<String, YamlDoc.Entry> entries = doc.mapping(e.value(), e.path(), null);
        if (entries == null) {
            return out;
        }
        for (YamlDoc.Entry o : entries.values()) {
            if (known != null && !known.contains(o.name())) {
                doc.problem(o.key(), o.path(), "unknown " + what + " '" + o.name() + "' (" + plural + ": " + names(known) + ")");
            }
            Map<DayOfWeek, List<TimeRange>> week =
                    HoursParser.weekly(doc, o.value(), o.path(), defaults == null ? HoursParser.closedWeek() : defaults);
            if (week != null) {
                out.put(o.name(), new WeeklyHours(week));
            }
        }
        return out;
    }

    private List<Closure> closures(YamlDoc doc, YamlDoc.Entry e) {
        List<Closure> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        List<Node> nodes = doc.list(e.value(), e.path(), "closures (each a mapping with keys: " + String.join(", ", CLOSURE_KEYS) + ")");
        if (nodes == null) {
            return out;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            YamlDoc.Section s = doc.section(nodes.get(i), YamlDoc.item(e.path(), i), CLOSURE_KEYS);
            if (s == null) {
                continue;
            }
            LocalDate date = date(s);
            Optional<String> company = Optional.empty();
            YamlDoc.Entry ce = s.get("company");
            if (ce != null) {
                String c = checked(doc, ce, ID, "company id", ID_ALLOWED);
                if (c != null && companyIds != null && !companyIds.contains(c)) {
                    doc.problem(ce.value(), ce.path(), "unknown company '" + c + "' (companies: " + names(companyIds) + ")");
                }
                company = Optional.ofNullable(c);
            }
            String reason = s.requiredText("reason", "a short text callers' records and reports show");
            if (date != null && reason != null) {
                String key = date + "/" + company.orElse("");
                Integer first = seen.putIfAbsent(key, YamlDoc.line(s.node()));
                if (first != null) {
                    doc.problem(s.node(), s.path(), "duplicate closure on " + date + " for "
                            + company.map(c -> "company " + c).orElse("the whole center") + " (first at line " + first + ")");
                }
                out.add(new Closure(date, company, reason));
            }
        }
        return out;
    }

    private static LocalDate date(YamlDoc.Section s) {
        YamlDoc.Entry e = s.require("date", DATE_ALLOWED);
        if (e == null) {
            return null;
        }
        String v = s.doc().nonEmpty(e.value(), e.path(), DATE_ALLOWED);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException ex) {
            s.doc().problem(e.value(), e.path(), "invalid date '" + v + "' (allowed: " + DATE_ALLOWED + ")");
            return null;
        }
    }

    // ---------------------------------------------------------------- holidays.yaml

    private void readHolidays(YamlDoc doc) {
        int before = doc.problemCount();
        List<YamlDoc.Section> items = topList(doc, "holidays", HOLIDAY_KEYS, "holidays");
        if (items == null) {
            return;
        }
        Map<LocalDate, Integer> seen = new HashMap<>();
        for (YamlDoc.Section h : items) {
            LocalDate date = date(h);
            String name = h.requiredText("name", "the holiday's name");
            if (date != null) {
                Integer first = seen.putIfAbsent(date, YamlDoc.line(h.get("date").value()));
                if (first != null) {
                    doc.problem(h.get("date").value(), h.get("date").path(),
                            "duplicate holiday date " + date + " (first at line " + first + ")");
                }
            }
            if (date != null && name != null) {
                holidays.add(new Holiday(date, name));
            }
        }
        holidaysOk = doc.problemCount() == before;
    }

    // ---------------------------------------------------------------- across files

    private void crossCheck(YamlDoc engineDoc, YamlDoc companiesDoc) {
        if (engineDoc != null && generalDesk != null && deskIds != null && !deskIds.contains(generalDesk)) {
            engineDoc.problem(generalDeskEntry.value(), generalDeskEntry.path(), "desk '" + generalDesk
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
        if (problems.isEmpty() && (engine == null || hours == null || !holidaysOk)) {
            throw new IllegalStateException("config loader bug: no problem reported but a part is missing (engine=" + (engine != null)
                    + ", hours=" + (hours != null) + ", holidays=" + holidaysOk + ")");
        }
    }
}
