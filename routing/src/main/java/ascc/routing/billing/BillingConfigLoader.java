package ascc.routing.billing;

import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads {@code billing.yaml} into {@link BillingRules}, in the style of {@code ConfigLoader}: the file is composed with
 * line marks, every problem is collected as {@code billing.yaml:LINE: key.path: what is wrong and what is allowed},
 * unknown keys are errors, and nothing is returned unless the whole file is valid. Tier bands must start at 0 and follow
 * each other without gap or overlap.
 */
public final class BillingConfigLoader {
    /** The file name inside the config directory. */
    public static final String FILE = "billing.yaml";

    private static final List<String> ROOT_KEYS = List.of("labor-cost-per-agent-year", "company-share", "base-fee-per-year",
            "survey", "deposit", "late-usage-months", "tiers");
    private static final List<String> SURVEY_KEYS = List.of("price-per-completed", "allowance-calls");
    private static final List<String> DEPOSIT_KEYS = List.of("months", "minimum");
    private static final List<String> TIER_KEYS = List.of("name", "from", "to", "fte");
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,3}(_?\\d{3})*|\\d+");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3})(?:\\.(\\d{1,2}))?\\s*%?");
    private static final Pattern FTE = Pattern.compile("(\\d{1,3})(?:\\.(\\d{1,3}))?");
    private static final Pattern TIER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    private static final long MAX_AMOUNT = 1_000_000_000_000L;

    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    private BillingConfigLoader(String file) {
        this.file = file;
    }

    /** Loads {@code dir/billing.yaml}. */
    public static BillingRules load(Path dir) throws ConfigException {
        Path path = dir.resolve(FILE);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(new Problem(FILE, 0, "(file)", "file not found: " + path.toAbsolutePath().normalize()
                    + " (billing needs conf/billing.yaml; copy the shipped one)")));
        } catch (IOException e) {
            throw new ConfigException(List.of(new Problem(FILE, 0, "(file)", "cannot read " + path.toAbsolutePath().normalize()
                    + ": " + e)));
        }
        return parse(FILE, text);
    }

    /** Parses the text of a billing file; {@code file} names it in problems. */
    public static BillingRules parse(String file, String text) throws ConfigException {
        return new BillingConfigLoader(file).run(text);
    }

    private BillingRules run(String text) throws ConfigException {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Optional<Mark> mark = e.getProblemMark().isPresent() ? e.getProblemMark() : e.getContextMark();
            throw new ConfigException(List.of(new Problem(file, mark.map(m -> m.getLine() + 1).orElse(0), "(syntax)",
                    "YAML syntax error: " + e.getProblem())));
        } catch (YamlEngineException e) {
            throw new ConfigException(List.of(new Problem(file, 0, "(syntax)", "YAML syntax error: " + e.getMessage())));
        }
        if (root.isEmpty()) {
            throw new ConfigException(List.of(new Problem(file, 0, "(file)", "file is empty; expected a mapping (key: value lines)")));
        }
        Map<String, Entry> top = mapping(root.get(), "", ROOT_KEYS);
        Long labor = null;
        Integer shareBp = null;
        Long baseFee = null;
        Long surveyPrice = null;
        Long allowance = null;
        Integer depositMonths = null;
        Long depositMinimum = null;
        Integer late = null;
        List<Tier> tiers = null;
        if (top != null) {
            labor = amount(require(top, root.get(), "", "labor-cost-per-agent-year", "KRW per agent and year, e.g. 27000000"));
            shareBp = percent(require(top, root.get(), "", "company-share", "a percentage 0..100, e.g. 30%"));
            baseFee = amount(require(top, root.get(), "", "base-fee-per-year", "KRW per year, e.g. 600000"));
            Entry survey = require(top, root.get(), "", "survey", "price-per-completed and allowance-calls");
            if (survey != null) {
                Map<String, Entry> s = mapping(survey.value, survey.path, SURVEY_KEYS);
                if (s != null) {
                    surveyPrice = amount(require(s, survey.value, survey.path, "price-per-completed", "KRW, e.g. 3000"));
                    allowance = amount(require(s, survey.value, survey.path, "allowance-calls", "answered calls, e.g. 200"));
                }
            }
            Entry deposit = require(top, root.get(), "", "deposit", "months and minimum");
            if (deposit != null) {
                Map<String, Entry> d = mapping(deposit.value, deposit.path, DEPOSIT_KEYS);
                if (d != null) {
                    Long m = whole(require(d, deposit.value, deposit.path, "months", "1..24"), 1, 24);
                    depositMonths = m == null ? null : m.intValue();
                    depositMinimum = amount(require(d, deposit.value, deposit.path, "minimum", "KRW, e.g. 3000000"));
                }
            }
            Entry lateEntry = top.get("late-usage-months");
            late = 3;
            if (lateEntry != null) {
                Long l = whole(lateEntry, 0, 24);
                late = l == null ? null : l.intValue();
            }
            tiers = tiers(require(top, root.get(), "", "tiers", "a list of bands"));
        }
        if (!problems.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparingInt(Problem::line));
            throw new ConfigException(sorted);
        }
        return new BillingRules(labor, shareBp, baseFee, surveyPrice, allowance, depositMonths, depositMinimum, late, tiers);
    }

    private List<Tier> tiers(Entry e) {
        if (e == null) {
            return null;
        }
        if (!(e.value instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problem(e.value, e.path, "expected a non-empty list of bands, e.g. - { name: T1, from: 0, to: 199, fte: 0.2 }");
            return null;
        }
        List<Tier> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        long expectedFrom = 0;
        Integer previousLine = null;
        String previousName = null;
        boolean ok = true;
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String path = e.path + "[" + i + "]";
            Map<String, Entry> t = mapping(item, path, TIER_KEYS);
            if (t == null) {
                ok = false;
                continue;
            }
            Entry nameEntry = require(t, item, path, "name", "e.g. T1");
            String name = nameEntry == null ? null : text(nameEntry);
            if (name != null && !TIER_NAME.matcher(name).matches()) {
                problem(nameEntry.value, nameEntry.path, "invalid tier name '" + name
                        + "' (allowed: letters, digits, '_' or '-', e.g. T1)");
                name = null;
            } else if (name != null && names.containsKey(name)) {
                problem(nameEntry.value, nameEntry.path, "duplicate tier name '" + name + "' (first at line " + names.get(name) + ")");
                name = null;
            } else if (name != null) {
                names.put(name, line(nameEntry.value));
            }
            Long from = amount(require(t, item, path, "from", "lowest monthly answered calls of the band, e.g. 0"));
            Entry toEntry = t.get("to");
            boolean last = i == items.size() - 1;
            Long to;
            if (toEntry == null) {
                if (!last) {
                    problem(item, path + ".to", "missing required key 'to' (only the last band may be open-ended)");
                }
                to = last ? Long.MAX_VALUE : null;
            } else {
                to = amount(toEntry);
            }
            Integer fte = fte(require(t, item, path, "fte", "agents as a decimal with up to 3 places, e.g. 1.7"));
            if (from != null && to != null && to < from) {
                problem(toEntry.value, toEntry.path, "band " + from + ".." + to + " is empty ('to' must be >= 'from')");
                to = null;
            }
            if (from != null && previousName != null) {
                if (from < expectedFrom) {
                    problem(item, path + ".from", "band of tier " + name + " starts at " + from + " and overlaps tier " + previousName
                            + " (line " + previousLine + ") which ends at " + (expectedFrom - 1) + "; start it at " + expectedFrom);
                } else if (from > expectedFrom) {
                    problem(item, path + ".from", "gap: no tier covers " + expectedFrom + ".." + (from - 1)
                            + " answered calls (tier " + previousName + " at line " + previousLine + " ends at "
                            + (expectedFrom - 1) + "); start it at " + expectedFrom);
                }
            } else if (from != null && from != 0 && i == 0) {
                problem(item, path + ".from", "the first band must start at 0 answered calls, found " + from);
            }
            if (name == null || from == null || to == null || fte == null) {
                ok = false;
                expectedFrom = to == null || to == Long.MAX_VALUE ? expectedFrom : to + 1;
                previousName = name == null ? "#" + (i + 1) : name;
                previousLine = line(item);
                continue;
            }
            out.add(new Tier(name, from, to, fte));
            expectedFrom = to == Long.MAX_VALUE ? Long.MAX_VALUE : to + 1;
            previousName = name;
            previousLine = line(item);
        }
        return ok ? out : null;
    }

    // ---------------------------------------------------------------------------------------------- values

    private Long amount(Entry e) {
        if (e == null) {
            return null;
        }
        String v = text(e);
        if (v == null) {
            return null;
        }
        if (AMOUNT.matcher(v).matches()) {
            long n = Long.parseLong(v.replace("_", ""));
            if (n <= MAX_AMOUNT) {
                return n;
            }
        }
        problem(e.value, e.path, "invalid amount '" + v + "' (allowed: a whole number 0.." + MAX_AMOUNT
                + ", digits with optional '_' between thousands, e.g. 27_000_000)");
        return null;
    }

    private Long whole(Entry e, long min, long max) {
        if (e == null) {
            return null;
        }
        String v = text(e);
        if (v != null && v.matches("\\d{1,9}")) {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        }
        if (v != null) {
            problem(e.value, e.path, "invalid value '" + v + "' (allowed: a whole number " + min + ".." + max + ")");
        }
        return null;
    }

    private Integer percent(Entry e) {
        if (e == null) {
            return null;
        }
        String v = text(e);
        if (v == null) {
            return null;
        }
        Matcher m = PERCENT.matcher(v);
        if (m.matches()) {
            String frac = m.group(2) == null ? "00" : (m.group(2) + "0").substring(0, 2);
            int bp = Integer.parseInt(m.group(1)) * 100 + Integer.parseInt(frac);
            if (bp <= BillingRules.FULL_BP) {
                return bp;
            }
        }
        problem(e.value, e.path, "invalid percentage '" + v + "' (allowed: 0..100 with up to 2 decimals, e.g. 30% or 27.5%)");
        return null;
    }

    private Integer fte(Entry e) {
        if (e == null) {
            return null;
        }
        String v = text(e);
        if (v == null) {
            return null;
        }
        Matcher m = FTE.matcher(v);
        if (m.matches()) {
            String frac = m.group(2) == null ? "000" : (m.group(2) + "00").substring(0, 3);
            return Integer.parseInt(m.group(1)) * 1000 + Integer.parseInt(frac);
        }
        problem(e.value, e.path, "invalid fte '" + v + "' (allowed: agents as a decimal 0..999 with up to 3 places, e.g. 1.7)");
        return null;
    }

    private String text(Entry e) {
        if (!(e.value instanceof ScalarNode s)) {
            problem(e.value, e.path, "expected a single value, found " + (e.value instanceof SequenceNode ? "a list" : "a mapping"));
            return null;
        }
        String v = s.getValue().trim();
        if (v.isEmpty() || v.equals("~") || v.equals("null")) {
            problem(e.value, e.path, "empty value");
            return null;
        }
        return v;
    }

    // --------------------------------------------------------------------------------------------- structure

    private record Entry(String key, Node value, String path) {
    }

    private Map<String, Entry> mapping(Node node, String path, List<String> allowed) {
        String where = path.isEmpty() ? "(file)" : path;
        if (!(node instanceof MappingNode m)) {
            problem(node, where, "expected a mapping (key: value lines)");
            return null;
        }
        Map<String, Entry> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                problem(t.getKeyNode(), where, "keys must be single words");
                continue;
            }
            String key = k.getValue();
            String p = path.isEmpty() ? key : path + "." + key;
            if (out.containsKey(key)) {
                problem(k, p, "duplicate key '" + key + "'");
            } else if (!allowed.contains(key)) {
                problem(k, p, "unknown key '" + key + "' (allowed: " + String.join(", ", allowed) + ")");
            } else {
                out.put(key, new Entry(key, t.getValueNode(), p));
            }
        }
        return out;
    }

    private Entry require(Map<String, Entry> entries, Node at, String path, String key, String allowed) {
        Entry e = entries.get(key);
        if (e == null) {
            problem(at, path.isEmpty() ? key : path + "." + key, "missing required key '" + key + "' (" + allowed + ")");
        }
        return e;
    }

    private static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private void problem(Node at, String key, String message) {
        problems.add(new Problem(file, at == null ? 0 : line(at), key, message));
    }
}
