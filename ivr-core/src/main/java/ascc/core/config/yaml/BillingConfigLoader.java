package ascc.core.config.yaml;

import ascc.routing.billing.BillingRules;
import ascc.routing.billing.Tier;

import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import ascc.core.config.yaml.YamlDoc.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads {@code billing.yaml} into {@link BillingRules} through the shared {@link YamlDoc} (as {@code ConfigLoader} and
 * {@code CampaignsLoader} do): the file is composed with line marks, every problem is collected as
 * {@code billing.yaml:LINE: key.path: what is wrong and what is allowed}, unknown keys are errors, and nothing is returned
 * unless the whole file is valid. Tier bands must start at 0 and follow each other without gap or overlap.
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

    private final List<Problem> problems = new ArrayList<>();
    private YamlDoc doc;

    private BillingConfigLoader() {
    }

    /** Loads {@code dir/billing.yaml} taking {@code ${NAME}} references from the process environment. */
    public static BillingRules load(Path dir) throws ConfigException {
        return load(dir, System.getenv());
    }

    /** Loads {@code dir/billing.yaml} taking {@code ${NAME}} / {@code ${NAME:-default}} references from {@code env}. */
    public static BillingRules load(Path dir, Map<String, String> env) throws ConfigException {
        Path path = dir.resolve(FILE);
        if (!Files.exists(path)) {
            throw new ConfigException(List.of(new Problem(FILE, 0, "(file)", "file not found: " + path.toAbsolutePath().normalize()
                    + " (billing needs conf/billing.yaml; copy the shipped one)")));
        }
        BillingConfigLoader l = new BillingConfigLoader();
        return l.run(YamlDoc.read(dir, FILE, l.problems, Map.copyOf(env)));
    }

    /** Parses the text of a billing file; {@code file} names it in problems. */
    public static BillingRules parse(String file, String text) throws ConfigException {
        BillingConfigLoader l = new BillingConfigLoader();
        return l.run(YamlDoc.compose(file, text, l.problems, Map.of()));
    }

    private BillingRules run(YamlDoc yaml) throws ConfigException {
        if (yaml == null) {
            throw new ConfigException(problems);
        }
        this.doc = yaml;
        Node rootNode = yaml.root();
        Map<String, Entry> top = doc.mapping(rootNode, "", ROOT_KEYS);
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
            labor = amount(require(top, rootNode, "", "labor-cost-per-agent-year", "KRW per agent and year, e.g. 27000000"));
            shareBp = percent(require(top, rootNode, "", "company-share", "a percentage 0..100, e.g. 30%"));
            baseFee = amount(require(top, rootNode, "", "base-fee-per-year", "KRW per year, e.g. 600000"));
            Entry survey = require(top, rootNode, "", "survey", "price-per-completed and allowance-calls");
            if (survey != null) {
                Map<String, Entry> s = doc.mapping(survey.value(), survey.path(), SURVEY_KEYS);
                if (s != null) {
                    surveyPrice = amount(require(s, survey.value(), survey.path(), "price-per-completed", "KRW, e.g. 3000"));
                    allowance = amount(require(s, survey.value(), survey.path(), "allowance-calls", "answered calls, e.g. 200"));
                }
            }
            Entry deposit = require(top, rootNode, "", "deposit", "months and minimum");
            if (deposit != null) {
                Map<String, Entry> d = doc.mapping(deposit.value(), deposit.path(), DEPOSIT_KEYS);
                if (d != null) {
                    Long m = whole(require(d, deposit.value(), deposit.path(), "months", "1..24"), 1, 24);
                    depositMonths = m == null ? null : m.intValue();
                    depositMinimum = amount(require(d, deposit.value(), deposit.path(), "minimum", "KRW, e.g. 3000000"));
                }
            }
            Entry lateEntry = top.get("late-usage-months");
            late = 3;
            if (lateEntry != null) {
                Long l = whole(lateEntry, 0, 24);
                late = l == null ? null : l.intValue();
            }
            tiers = tiers(require(top, rootNode, "", "tiers", "a list of bands"));
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
        List<Node> items = doc.list(e.value(), e.path(), "bands");
        if (items == null || items.isEmpty()) {
            if (items != null) {
                problem(e.value(), e.path(), "expected a non-empty list of bands, e.g. - { name: T1, from: 0, to: 199, fte: 0.2 }");
            }
            return null;
        }
        List<Tier> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        long expectedFrom = 0;
        Integer previousLine = null;
        String previousName = null;
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String path = e.path() + "[" + i + "]";
            Map<String, Entry> t = doc.mapping(item, path, TIER_KEYS);
            if (t == null) {
                ok = false;
                continue;
            }
            Entry nameEntry = require(t, item, path, "name", "e.g. T1");
            String name = nameEntry == null ? null : text(nameEntry);
            if (name != null && !TIER_NAME.matcher(name).matches()) {
                problem(nameEntry.value(), nameEntry.path(), "invalid tier name '" + name
                        + "' (allowed: letters, digits, '_' or '-', e.g. T1)");
                name = null;
            } else if (name != null && names.containsKey(name)) {
                problem(nameEntry.value(), nameEntry.path(), "duplicate tier name '" + name + "' (first at line " + names.get(name) + ")");
                name = null;
            } else if (name != null) {
                names.put(name, line(nameEntry.value()));
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
                problem(toEntry.value(), toEntry.path(), "band " + from + ".." + to + " is empty ('to' must be >= 'from')");
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
        problem(e.value(), e.path(), "invalid amount '" + v + "' (allowed: a whole number 0.." + MAX_AMOUNT
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
            problem(e.value(), e.path(), "invalid value '" + v + "' (allowed: a whole number " + min + ".." + max + ")");
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
        problem(e.value(), e.path(), "invalid percentage '" + v + "' (allowed: 0..100 with up to 2 decimals, e.g. 30% or 27.5%)");
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
        problem(e.value(), e.path(), "invalid fte '" + v + "' (allowed: agents as a decimal 0..999 with up to 3 places, e.g. 1.7)");
        return null;
    }

    private String text(Entry e) {
        String v = doc.text(e.value(), e.path());
        if (v == null) {
            return null;
        }
        if (v.isBlank() || (e.value() instanceof ScalarNode s && ("~".equals(s.getValue()) || "null".equals(s.getValue())))) {
            problem(e.value(), e.path(), "empty value");
            return null;
        }
        return v.trim();
    }

    // --------------------------------------------------------------------------------------------- structure

    private Entry require(Map<String, Entry> entries, Node at, String path, String key, String allowed) {
        return doc.require(entries, at, path, key, allowed);
    }

    private static int line(Node n) {
        return YamlDoc.line(n);
    }

    private void problem(Node at, String key, String message) {
        doc.problem(at, key, message);
    }
}
