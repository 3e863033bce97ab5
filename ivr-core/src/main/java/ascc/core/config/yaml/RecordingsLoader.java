package ascc.core.config.yaml;

import ascc.recordings.CompanyRecordings;
import ascc.recordings.PromptName;
import ascc.recordings.RecordingMode;
import ascc.recordings.RecordingPaths;
import ascc.recordings.RecordingPolicy;
import ascc.recordings.RecordingsConfig;

import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import ascc.routing.config.TokenHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code recordings.yaml} into a {@link RecordingsConfig}. Like {@link ConfigLoader}: every problem is
 * collected (file, 1-based line, dotted key, what is allowed) and thrown together, unknown keys are errors, values may
 * be {@code ${NAME}} / {@code ${NAME:-default}}. Every prompt file the config refers to is checked at load: a missing or
 * unreadable one is a problem naming company, prompt and path. Companies and desks must exist in the center config.
 */
public final class RecordingsLoader {
    public static final String FILE = "recordings.yaml";

    /** The sandbox's home when {@code ASCC_SANDBOX} is not set (as in {@code ivr-core/bin/sandbox}). */
    public static final String DEFAULT_SANDBOX = "/var/lib/ascc-sandbox";
    public static final String DEFAULT_PROMPTS_ASTERISK_DIR = "/var/lib/asterisk/sounds/ascc";
    public static final String DEFAULT_RECORDINGS_ASTERISK_DIR = "/var/spool/asterisk/monitor/ascc";
    public static final String CORE_EN = "/usr/share/asterisk/sounds/en_US_f_Allison";

    private static final List<String> ROOT_KEYS = List.of("prompts", "recordings", "companies");
    private static final List<String> PROMPTS_KEYS = List.of("engine-dir", "asterisk-dir", "default-language", "core", "defaults");
    private static final List<String> RECORDINGS_KEYS = List.of("engine-dir", "asterisk-dir", "retention-check-minutes");
    private static final List<String> COMPANY_KEYS = List.of("token-sha256", "token", "retention-days", "recording", "prompts");
    private static final String TOKEN_HOW = "64 hex digits, the SHA-256 of the company's token: run 'ivr token new', give the"
            + " company the token it prints once and write the hash it prints here, e.g. token-sha256: ${ASCC_HANBIT_TOKEN_SHA256:-}";
    private static final List<String> RECORDING_KEYS = List.of("mode", "consent", "desks");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(_[A-Z]{2})?");
    private static final Pattern ASTERISK_PATH = Pattern.compile("/[A-Za-z0-9_./-]*");
    private static final Pattern SOUND = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_/.-]*");
    private static final String MODES = "none, all, inbound-only";

    private final Path file;
    private final Map<String, String> env;
    private final Set<String> companyIds;
    private final Set<String> deskIds;
    private final List<Problem> problems = new ArrayList<>();
    /** Token hashes seen so far, to the company that has it: two companies with one token are refused. */
    private final Map<TokenHash, String> tokenOwners = new java.util.HashMap<>();

    private RecordingsLoader(Path file, Map<String, String> env, Set<String> companyIds, Set<String> deskIds) {
        this.file = file;
        this.env = env;
        this.companyIds = companyIds;
        this.deskIds = deskIds;
    }

    /**
     * Loads {@code confDir/recordings.yaml}; without that file: the built-in default prompts, nothing recorded, sandbox paths.
     *
     * @param companyIds companies of the center config (companies.yaml)
     * @param deskIds desks of the center config (desks.yaml)
     */
    public static RecordingsConfig loadDir(Path confDir, Map<String, String> env, Set<String> companyIds, Set<String> deskIds)
            throws ConfigException {
        Path f = confDir.resolve(FILE);
        if (!Files.exists(f)) {
            String root = sandboxRoot(env);
            return RecordingsConfig.defaultsOnly(Path.of(root + DEFAULT_PROMPTS_ASTERISK_DIR), DEFAULT_PROMPTS_ASTERISK_DIR,
                    Path.of(root + DEFAULT_RECORDINGS_ASTERISK_DIR), DEFAULT_RECORDINGS_ASTERISK_DIR);
        }
        return load(f, env, companyIds, deskIds);
    }

    /**
     * The sandbox's Asterisk chroot as the engine sees it ({@code $ASCC_SANDBOX/asterisk-root}): the defaults map Asterisk's
     * paths into it.
     */
    public static String sandboxRoot(Map<String, String> env) {
        String home = env.getOrDefault("ASCC_SANDBOX", "");
        return (home.isBlank() ? DEFAULT_SANDBOX : home) + "/asterisk-root";
    }

    /** Loads {@code file}. @throws ConfigException with every problem, sorted by line */
    public static RecordingsConfig load(Path file, Map<String, String> env, Set<String> companyIds, Set<String> deskIds)
            throws ConfigException {
        return new RecordingsLoader(file, Map.copyOf(env), Set.copyOf(companyIds), Set.copyOf(deskIds)).run();
    }

    private RecordingsConfig run() throws ConfigException {
        YamlDoc doc = YamlDoc.read(file, problems, env);
        RecordingsConfig cfg = doc == null ? null : read(doc);
        if (!problems.isEmpty() || cfg == null) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparingInt(Problem::line));
            throw new ConfigException(sorted);
        }
        return cfg;
    }

    private RecordingsConfig read(YamlDoc doc) {
        Map<String, YamlDoc.Entry> root = doc.mapping(doc.root(), "", ROOT_KEYS);
        if (root == null) {
            return null;
        }
        Map<String, YamlDoc.Entry> prompts = section(doc, root.get("prompts"), PROMPTS_KEYS);
        Map<String, YamlDoc.Entry> recs = section(doc, root.get("recordings"), RECORDINGS_KEYS);
        if (prompts == null || recs == null) {
            return null;
        }
        String promptsAst = asteriskPath(doc, prompts.get("asterisk-dir"), DEFAULT_PROMPTS_ASTERISK_DIR);
        Path promptsEngine = enginePath(doc, prompts.get("engine-dir"), sandboxRoot(env) + DEFAULT_PROMPTS_ASTERISK_DIR);
        String language = language(doc, prompts.get("default-language"), "en");
        Map<String, Path> core = core(doc, prompts.get("core"));
        Map<PromptName, String> defaults = defaults(doc, prompts.get("defaults"), core);

        String recAst = asteriskPath(doc, recs.get("asterisk-dir"), DEFAULT_RECORDINGS_ASTERISK_DIR);
        Path recEngine = enginePath(doc, recs.get("engine-dir"), sandboxRoot(env) + DEFAULT_RECORDINGS_ASTERISK_DIR);
        YamlDoc.Entry every = recs.get("retention-check-minutes");
        Integer minutes = every == null ? Integer.valueOf(60) : doc.integer(every.value(), every.path(), 1, 10080, "interval");

        Map<String, CompanyRecordings> companies = new LinkedHashMap<>();
        YamlDoc.Entry ce = root.get("companies");
        Map<String, YamlDoc.Entry> byCompany = ce == null ? Map.of() : doc.mapping(ce.value(), ce.path(), null);
        if (byCompany != null) {
            for (YamlDoc.Entry c : byCompany.values()) {
                CompanyRecordings r = company(doc, c, promptsEngine);
                if (r != null) {
                    companies.put(r.companyId(), r);
                }
            }
        }
        if (!problems.isEmpty() || promptsAst == null || promptsEngine == null || language == null || core == null
                || defaults == null || recAst == null || recEngine == null || minutes == null) {
            return null;
        }
        return new RecordingsConfig(promptsEngine, promptsAst, language, core, defaults, recEngine, recAst, minutes, companies);
    }

    private static Map<String, YamlDoc.Entry> section(YamlDoc doc, YamlDoc.Entry e, List<String> keys) {
        return e == null ? Map.of() : doc.mapping(e.value(), e.path(), keys);
    }

    private static String asteriskPath(YamlDoc doc, YamlDoc.Entry e, String dflt) {
        if (e == null) {
            return dflt;
        }
        String allowed = "an absolute directory as Asterisk sees it, letters, digits, '_', '.', '-' and '/', e.g. " + dflt;
        String v = doc.nonEmpty(e.value(), e.path(), allowed);
        if (v != null && (!ASTERISK_PATH.matcher(v).matches() || v.contains("..") || v.length() < 2)) {
            doc.problem(e.value(), e.path(), "invalid directory '" + v + "' (allowed: " + allowed + ")");
            return null;
        }
        return v == null ? null : stripSlash(v);
    }

    private static String stripSlash(String v) {
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    private static Path enginePath(YamlDoc doc, YamlDoc.Entry e, String dflt) {
        if (e == null) {
            return Path.of(dflt);
        }
        String v = doc.nonEmpty(e.value(), e.path(), "a directory as the engine sees it, e.g. " + dflt);
        return v == null ? null : Path.of(v).toAbsolutePath().normalize();
    }

    private static String language(YamlDoc doc, YamlDoc.Entry e, String dflt) {
        if (e == null) {
            return dflt;
        }
        String v = doc.nonEmpty(e.value(), e.path(), "a language code such as en or ko");
        if (v != null && !LANGUAGE.matcher(v).matches()) {
            doc.problem(e.value(), e.path(), "invalid language '" + v + "' (allowed: a language code such as en, ko or en_US)");
            return null;
        }
        return v;
    }

    private Map<String, Path> core(YamlDoc doc, YamlDoc.Entry e) {
        Map<String, Path> out = new TreeMap<>();
        if (e == null) {
            out.put("en", Path.of(sandboxRoot(env) + CORE_EN));
            return out;
        }
        Map<String, YamlDoc.Entry> langs = doc.mapping(e.value(), e.path(), null);
        if (langs == null) {
            return null;
        }
        for (YamlDoc.Entry l : langs.values()) {
            if (!LANGUAGE.matcher(l.name()).matches()) {
                doc.problem(l.key(), l.path(), "invalid language '" + l.name() + "' (allowed: a language code such as en or ko)");
                continue;
            }
            String v = doc.nonEmpty(l.value(), l.path(), "the directory of Asterisk's sound package for " + l.name());
            if (v == null) {
                continue;
            }
            Path p = Path.of(v);
            if (!Files.isDirectory(p)) {
                doc.problem(l.value(), l.path(), "core sounds directory " + p + " does not exist (install Asterisk's sound package"
                        + " for '" + l.name() + "', or fix the path as the engine sees it)");
                continue;
            }
            out.put(l.name(), p);
        }
        return out;
    }

    private Map<PromptName, String> defaults(YamlDoc doc, YamlDoc.Entry e, Map<String, Path> core) {
        Map<PromptName, String> out = new java.util.EnumMap<>(PromptName.class);
        out.putAll(RecordingsConfig.builtInDefaults());
        Map<PromptName, YamlDoc.Entry> at = new java.util.EnumMap<>(PromptName.class);
        if (e != null) {
            Map<String, YamlDoc.Entry> items = doc.mapping(e.value(), e.path(), null);
            if (items == null) {
                return null;
            }
            for (YamlDoc.Entry it : items.values()) {
                var p = PromptName.byId(it.name());
                if (p.isEmpty()) {
                    doc.problem(it.key(), it.path(), "unknown prompt '" + it.name() + "' (allowed: " + PromptName.allowed() + ")");
                    continue;
                }
                String v = doc.text(it.value(), it.path());
                if (v != null && !v.isEmpty() && (!SOUND.matcher(v).matches() || v.contains(".."))) {
                    doc.problem(it.value(), it.path(), "invalid sound name '" + v + "' (allowed: a core sound without extension,"
                            + " e.g. vm-goodbye; empty to play nothing)");
                    continue;
                }
                if (v != null) {
                    out.put(p.get(), v);
                    at.put(p.get(), it);
                }
            }
        }
        if (core != null) {
            for (Map.Entry<String, Path> lang : core.entrySet()) {
                for (Map.Entry<PromptName, String> d : out.entrySet()) {
                    if (d.getValue().isEmpty()) {
                        continue;
                    }
                    PromptCheck.Result r = PromptCheck.find(PromptCheck.DEFAULT_SET, lang.getKey(), d.getKey(),
                            lang.getValue().resolve(d.getValue()));
                    if (!r.ok()) {
                        YamlDoc.Entry where = at.get(d.getKey());
                        doc.problem(where == null ? e == null ? null : e.key() : where.value(),
                                where == null ? "prompts.defaults." + d.getKey().id() : where.path(),
                                "default prompt " + d.getKey().id() + " (" + lang.getKey() + "): " + r.path() + ": " + r.problem().get());
                    }
                }
            }
        }
        return out;
    }

    private CompanyRecordings company(YamlDoc doc, YamlDoc.Entry c, Path promptsEngine) {
        int before = problems.size();
        String id = c.name();
        if (!RecordingPaths.validCompany(id)) {
            doc.problem(c.key(), c.path(), "invalid company id '" + id + "'");
            return null;
        }
        if (!companyIds.contains(id)) {
            doc.problem(c.key(), c.path(), "unknown company '" + id + "' (companies.yaml has: " + String.join(", ", new java.util.TreeSet<>(
                    companyIds)) + ")");
        }
        Map<String, YamlDoc.Entry> m = doc.mapping(c.value(), c.path(), COMPANY_KEYS);
        if (m == null) {
            return null;
        }
        Optional<TokenHash> token = token(doc, id, m);
        YamlDoc.Entry r = m.get("retention-days");
        Integer days = r == null ? Integer.valueOf(RecordingsConfig.DEFAULT_RETENTION_DAYS)
                : doc.integer(r.value(), r.path(), 1, 3650, "retention");
        RecordingPolicy policy = policy(doc, m.get("recording"));
        Map<String, Set<PromptName>> prompts = companyPrompts(doc, id, m.get("prompts"), promptsEngine);
        if (problems.size() != before || days == null || policy == null || prompts == null) {
            return null;
        }
        return new CompanyRecordings(id, token, days, policy, prompts);
    }

    /**
     * The company's {@code token-sha256} (empty: only the admin token fetches its recordings). A plain {@code token} is
     * refused (config keeps hashes only) and so is a hash another company has: with one token, the last company listed
     * would win and the first company's token would read the other's recordings. Values are never echoed.
     */
    private Optional<TokenHash> token(YamlDoc doc, String company, Map<String, YamlDoc.Entry> m) {
        YamlDoc.Entry plain = m.get("token");
        if (plain != null) {
            doc.problem(plain.key(), plain.path(), "a plain token is not kept in config (allowed instead: token-sha256, "
                    + TOKEN_HOW + ")");
        }
        YamlDoc.Entry t = m.get("token-sha256");
        if (t == null) {
            return Optional.empty();
        }
        String v = doc.text(t.value(), t.path());
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        Optional<TokenHash> hash = TokenHash.parse(v);
        if (hash.isEmpty()) {
            doc.problem(t.value(), t.path(), "not a token hash (allowed: " + TOKEN_HOW + ")");
            return Optional.empty();
        }
        String other = tokenOwners.putIfAbsent(hash.get(), company);
        if (other != null) {
            doc.problem(t.value(), t.path(), "company " + company + " has the same token as company " + other
                    + " (each company needs its own: one token would read both companies' recordings; run 'ivr token new')");
            return Optional.empty();
        }
        return hash;
    }

    private RecordingPolicy policy(YamlDoc doc, YamlDoc.Entry e) {
        if (e == null) {
            return RecordingPolicy.NONE;
        }
        if (!(e.value() instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
            RecordingMode mode = mode(doc, e.value(), e.path());
            return mode == null ? null : new RecordingPolicy(mode, false, Map.of());
        }
        Map<String, YamlDoc.Entry> m = doc.mapping(e.value(), e.path(), RECORDING_KEYS);
        if (m == null) {
            return null;
        }
        YamlDoc.Entry me = m.get("mode");
        if (me == null) {
            doc.problem(e.value(), YamlDoc.child(e.path(), "mode"), "missing required key 'mode' (allowed: " + MODES + ")");
            return null;
        }
        RecordingMode mode = mode(doc, me.value(), me.path());
        YamlDoc.Entry ce = m.get("consent");
        Boolean consent = ce == null ? Boolean.FALSE : doc.bool(ce.value(), ce.path());
        Map<String, RecordingMode> byDesk = new LinkedHashMap<>();
        YamlDoc.Entry de = m.get("desks");
        if (de != null) {
            Map<String, YamlDoc.Entry> desks = doc.mapping(de.value(), de.path(), null);
            if (desks == null) {
                return null;
            }
            for (YamlDoc.Entry d : desks.values()) {
                if (!deskIds.contains(d.name())) {
                    doc.problem(d.key(), d.path(), "unknown desk '" + d.name() + "' (desks.yaml has: "
                            + String.join(", ", new java.util.TreeSet<>(deskIds)) + ")");
                    continue;
                }
                RecordingMode dm = mode(doc, d.value(), d.path());
                if (dm != null) {
                    byDesk.put(d.name(), dm);
                }
            }
        }
        return mode == null || consent == null ? null : new RecordingPolicy(mode, consent, byDesk);
    }

    private static RecordingMode mode(YamlDoc doc, Node n, String path) {
        String v = doc.nonEmpty(n, path, MODES);
        if (v == null) {
            return null;
        }
        var m = RecordingMode.byId(v);
        if (m.isEmpty()) {
            doc.problem(n, path, "invalid recording mode '" + v + "' (allowed: " + MODES + ")");
            return null;
        }
        return m.get();
    }

    private Map<String, Set<PromptName>> companyPrompts(YamlDoc doc, String company, YamlDoc.Entry e, Path promptsEngine) {
        Map<String, Set<PromptName>> out = new TreeMap<>();
        if (e == null) {
            return out;
        }
        Map<String, YamlDoc.Entry> langs = doc.mapping(e.value(), e.path(), null);
        if (langs == null) {
            return null;
        }
        for (YamlDoc.Entry l : langs.values()) {
            if (!LANGUAGE.matcher(l.name()).matches()) {
                doc.problem(l.key(), l.path(), "invalid language '" + l.name() + "' (allowed: a language code such as en or ko)");
                continue;
            }
            List<Node> items = doc.list(l.value(), l.path(), "prompt names (" + PromptName.allowed() + ")");
            if (items == null) {
                continue;
            }
            Set<PromptName> set = EnumSet.noneOf(PromptName.class);
            for (int i = 0; i < items.size(); i++) {
                String path = l.path() + "[" + i + "]";
                String v = doc.nonEmpty(items.get(i), path, "a prompt name");
                if (v == null) {
                    continue;
                }
                var p = PromptName.byId(v);
                if (p.isEmpty()) {
                    doc.problem(items.get(i), path, "unknown prompt '" + v + "' (allowed: " + PromptName.allowed() + ")");
                    continue;
                }
                if (!set.add(p.get())) {
                    doc.problem(items.get(i), path, "prompt '" + v + "' listed twice");
                    continue;
                }
                if (promptsEngine != null) {
                    PromptCheck.Result r = PromptCheck.find(company, l.name(), p.get(),
                            promptsEngine.resolve(company).resolve(l.name()).resolve(p.get().id()));
                    if (!r.ok()) {
                        doc.problem(items.get(i), path, "company " + company + ", prompt " + p.get().id() + " (" + l.name() + "): "
                                + r.path() + ": " + r.problem().get());
                    }
                }
            }
            out.put(l.name(), set);
        }
        return out;
    }
}
