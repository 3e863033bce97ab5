package ascc.core.simulate;

import ascc.core.config.yaml.YamlDoc;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import ascc.routing.simulate.Distribution;
import ascc.routing.simulate.SelfServiceTraffic;
import ascc.routing.simulate.TrafficProfile;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a traffic profile for {@code ivr simulate run --profile FILE} (format in docs/simulator.md). Unknown keys, bad values
 * and companies or categories the config does not know are problems with file, line and key; every problem is collected.
 */
public final class TrafficProfileYaml {
    private static final List<String> ROOT = List.of("pauses", "defaults", "shapes", "traffic");
    private static final List<String> DEFAULTS = List.of("handle", "patience", "vip-share", "repeat-share", "callback-accept",
            "callback-answer", SelfServiceProfileYaml.KEY);
    private static final List<String> ENTRY = List.of("company", "category", "unknown-company", "categories", "calls-per-day", "shape",
            "calls-per-hour", "handle", "patience", "vip-share", "repeat-share", "callback-accept", "callback-answer",
            SelfServiceProfileYaml.KEY);
    static final String DISTRIBUTIONS = "exponential MEAN, lognormal MEAN sd SD, fixed SECONDS (seconds), or never (patience only)";
    private static final String DAYS = "mon, tue, wed, thu, fri, sat, sun or a range like mon-fri";

    private TrafficProfileYaml() {
    }

    /**
     * Loads {@code file}, checking companies and categories against {@code center}.
     *
     * @throws ConfigException every problem, file:line: key: message
     */
    public static TrafficProfile load(Path file, Map<String, String> env, CenterConfig center) throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        YamlDoc doc = YamlDoc.read(file, problems, Map.copyOf(env));
        if (doc == null) {
            throw new ConfigException(problems);
        }
        YamlDoc.Section root = doc.section(doc.root(), "", ROOT);
        TrafficProfile.Pauses pauses = TrafficProfile.Pauses.NONE;
        List<TrafficProfile.Entry> entries = new ArrayList<>();
        List<SelfServiceTraffic> selfService = new ArrayList<>();
        if (root != null) {
            YamlDoc.Entry p = root.get("pauses");
            if (p != null) {
                YamlDoc.Section ps = doc.section(p.value(), p.path(), List.of("minutes-per-hour"));
                YamlDoc.Entry m = ps == null ? null : ps.require("minutes-per-hour", "minutes each agent pauses per hour, 0..59");
                Double v = m == null ? null : number(doc, m.value(), m.path(), 0, 59.99, "minutes per hour");
                pauses = v == null ? pauses : new TrafficProfile.Pauses(v);
            }
            Map<String, YamlDoc.Entry> defaults = new LinkedHashMap<>();
            YamlDoc.Entry d = root.get("defaults");
            if (d != null) {
                YamlDoc.Section ds = doc.section(d.value(), d.path(), DEFAULTS);
                if (ds != null) {
                    defaults.putAll(ds.entries());
                }
            }
            Map<String, double[]> shapes = new LinkedHashMap<>();
            YamlDoc.Entry sh = root.get("shapes");
            if (sh != null) {
                Map<String, YamlDoc.Entry> m = doc.mapping(sh.value(), sh.path(), null);
                for (YamlDoc.Entry e : m == null ? List.<YamlDoc.Entry>of() : m.values()) {
                    double[] v = hours24(doc, e.value(), e.path());
                    if (v != null) {
                        shapes.put(e.name(), v);
                    }
                }
            }
            YamlDoc.Entry t = root.require("traffic", "a list of callers' groups, each with company, category or unknown-company");
            List<Node> items = t == null ? null : doc.list(t.value(), t.path(), "callers' groups");
            for (int i = 0; items != null && i < items.size(); i++) {
                TrafficProfile.Entry e = entry(doc, items.get(i), YamlDoc.item("traffic", i), center, defaults, shapes, selfService);
                if (e != null) {
                    entries.add(e);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new TrafficProfile(entries, pauses, selfService);
    }

    private static TrafficProfile.Entry entry(YamlDoc doc, Node node, String path, CenterConfig center, Map<String, YamlDoc.Entry> defaults,
            Map<String, double[]> shapes, List<SelfServiceTraffic> selfService) {
        int before = doc.problemCount();
        YamlDoc.Section s = doc.section(node, path, ENTRY);
        if (s == null) {
            return null;
        }
        Optional<String> company = Optional.empty();
        Optional<Category> category = Optional.empty();
        String name;
        YamlDoc.Entry c = s.get("company");
        YamlDoc.Entry cat = s.get("category");
        YamlDoc.Entry unknown = s.get("unknown-company");
        int kinds = (c == null ? 0 : 1) + (cat == null ? 0 : 1) + (unknown == null ? 0 : 1);
        if (kinds != 1) {
            doc.problem(node, path, "give exactly one of company, category or unknown-company: true");
            return null;
        }
        if (c != null) {
            String id = doc.nonEmpty(c.value(), c.path(), "a company id of companies.yaml");
            if (id != null && !center.companies().containsKey(id)) {
                doc.problem(c.value(), c.path(), "unknown company '" + id + "' (companies.yaml has " + center.companies().size()
                        + ": " + preview(center.companies().keySet()) + ")");
            }
            company = Optional.ofNullable(id);
            name = "company " + id;
        } else if (cat != null) {
            category = category(doc, cat.value(), cat.path());
            name = "category " + category.map(Category::id).orElse("?");
        } else {
            Boolean b = doc.bool(unknown.value(), unknown.path());
            if (b != null && !b) {
                doc.problem(unknown.value(), unknown.path(), "unknown-company must be true (calls of no known company)");
            }
            name = "unknown company";
        }
        Map<Category, Double> shares = new EnumMap<>(Category.class);
        YamlDoc.Entry cs = s.get("categories");
        if (cs != null) {
            if (c == null) {
                doc.problem(cs.key(), cs.path(), "categories: only with company (the company's categories and their shares)");
            }
            Map<String, YamlDoc.Entry> m = doc.mapping(cs.value(), cs.path(), null);
            for (YamlDoc.Entry e : m == null ? List.<YamlDoc.Entry>of() : m.values()) {
                Optional<Category> k = Category.byId(e.name());
                Double w = number(doc, e.value(), e.path(), 0, 1e9, "share");
                if (k.isEmpty()) {
                    doc.problem(e.key(), e.path(), "unknown category '" + e.name() + "' (allowed: " + Category.allowedIds() + ")");
                } else if (company.isPresent() && center.companies().containsKey(company.get())
                        && !center.companies().get(company.get()).categories().contains(k.get())) {
                    doc.problem(e.key(), e.path(), "company " + company.get() + " does not enroll " + e.name());
                } else if (w != null) {
                    shares.put(k.get(), w);
                }
            }
        }
        double[] rate = rates(doc, s, path, shapes);
        Distribution handle = dist(doc, s, defaults, "handle", false);
        Distribution patience = dist(doc, s, defaults, "patience", true);
        double vip = share(doc, s, defaults, "vip-share", 0);
        double repeat = share(doc, s, defaults, "repeat-share", 0);
        double accept = share(doc, s, defaults, "callback-accept", 0.5);
        double answer = share(doc, s, defaults, "callback-answer", 0.9);
        SelfServiceTraffic ss = SelfServiceProfileYaml.read(doc, s, defaults);
        if (doc.problemCount() != before || rate == null || handle == null || patience == null || ss == null) {
            return null;
        }
        selfService.add(ss);
        return new TrafficProfile.Entry(name, company, category, shares, rate, handle, patience, vip, repeat, accept, answer);
    }

    private static double[] rates(YamlDoc doc, YamlDoc.Section s, String path, Map<String, double[]> shapes) {
        YamlDoc.Entry perHour = s.get("calls-per-hour");
        YamlDoc.Entry perDay = s.get("calls-per-day");
        YamlDoc.Entry shape = s.get("shape");
        double[] week = new double[TrafficProfile.WEEK_HOURS];
        if ((perHour == null) == (perDay == null)) {
            doc.problem(s.node(), path, "give calls-per-hour (day keys with 24 values) or calls-per-day with shape");
            return null;
        }
        if (perHour != null) {
            if (shape != null) {
                doc.problem(shape.key(), shape.path(), "shape: only with calls-per-day");
            }
            Map<String, YamlDoc.Entry> m = doc.mapping(perHour.value(), perHour.path(), null);
            for (YamlDoc.Entry e : m == null ? List.<YamlDoc.Entry>of() : m.values()) {
                List<DayOfWeek> days = days(doc, e);
                double[] v = hours24(doc, e.value(), e.path());
                if (days != null && v != null) {
                    for (DayOfWeek d : days) {
                        System.arraycopy(v, 0, week, (d.getValue() - 1) * 24, 24);
                    }
                }
            }
            return week;
        }
        if (shape == null) {
            doc.problem(perDay.key(), perDay.path(), "calls-per-day needs shape: a name under shapes");
            return null;
        }
        String shapeName = doc.nonEmpty(shape.value(), shape.path(), "a name under shapes");
        double[] w = shapeName == null ? null : shapes.get(shapeName);
        if (shapeName != null && w == null) {
            doc.problem(shape.value(), shape.path(), "unknown shape '" + shapeName + "' (shapes: " + shapes.keySet() + ")");
            return null;
        }
        double total = 0;
        for (double x : w == null ? new double[0] : w) {
            total += x;
        }
        if (w != null && total <= 0) {
            doc.problem(shape.value(), shape.path(), "shape '" + shapeName + "' has no positive weight");
            return null;
        }
        Map<String, YamlDoc.Entry> m = doc.mapping(perDay.value(), perDay.path(), null);
        for (YamlDoc.Entry e : m == null ? List.<YamlDoc.Entry>of() : m.values()) {
            List<DayOfWeek> days = days(doc, e);
            Double n = number(doc, e.value(), e.path(), 0, 1e9, "calls per day");
            if (days != null && n != null && w != null) {
                for (DayOfWeek d : days) {
                    for (int h = 0; h < 24; h++) {
                        week[(d.getValue() - 1) * 24 + h] = n * w[h] / total;
                    }
                }
            }
        }
        return week;
    }

    private static List<DayOfWeek> days(YamlDoc doc, YamlDoc.Entry e) {
        String k = e.name().toLowerCase(Locale.ROOT);
        String[] parts = k.split("-", -1);
        DayOfWeek from = day(parts[0]);
        DayOfWeek to = parts.length == 2 ? day(parts[1]) : parts.length == 1 ? from : null;
        if (from == null || to == null || to.getValue() < from.getValue()) {
            doc.problem(e.key(), e.path(), "unknown day key '" + e.name() + "' (allowed: " + DAYS + ")");
            return null;
        }
        List<DayOfWeek> out = new ArrayList<>();
        for (int d = from.getValue(); d <= to.getValue(); d++) {
            out.add(DayOfWeek.of(d));
        }
        return out;
    }

    private static DayOfWeek day(String key) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().substring(0, 3).toLowerCase(Locale.ROOT).equals(key)) {
                return d;
            }
        }
        return null;
    }

    private static double[] hours24(YamlDoc doc, Node node, String path) {
        List<YamlDoc.Item> items = doc.texts(node, path, "24 numbers (hours 00 to 23)");
        if (items == null) {
            return null;
        }
        if (items.size() != 24) {
            doc.problem(node, path, "expected 24 numbers (hours 00 to 23), found " + items.size());
            return null;
        }
        double[] v = new double[24];
        for (int h = 0; h < 24; h++) {
            Double n = number(doc, items.get(h).node(), items.get(h).path(), 0, 1e9, "calls");
            if (n == null) {
                return null;
            }
            v[h] = n;
        }
        return v;
    }

    private static Distribution dist(YamlDoc doc, YamlDoc.Section s, Map<String, YamlDoc.Entry> defaults, String key, boolean patience) {
        YamlDoc.Entry e = s.get(key) != null ? s.get(key) : defaults.get(key);
        if (e == null) {
            doc.problem(s.node(), YamlDoc.child(s.path(), key), "missing " + key + " (here or under defaults: " + DISTRIBUTIONS + ")");
            return null;
        }
        String v = doc.nonEmpty(e.value(), e.path(), DISTRIBUTIONS);
        if (v == null) {
            return null;
        }
        try {
            Distribution d = parse(v);
            if (d instanceof Distribution.Never && !patience) {
                throw new IllegalArgumentException("never is for patience only");
            }
            return d;
        } catch (IllegalArgumentException ex) {
            doc.problem(e.value(), e.path(), "invalid " + key + " '" + v + "': " + ex.getMessage() + " (allowed: " + DISTRIBUTIONS + ")");
            return null;
        }
    }

    /** {@code exponential 180}, {@code lognormal 240 sd 120}, {@code fixed 60}, {@code never}. */
    static Distribution parse(String text) {
        String[] w = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        return switch (w[0]) {
            case "never" -> {
                if (w.length != 1) {
                    throw new IllegalArgumentException("never takes no number");
                }
                yield new Distribution.Never();
            }
            case "exponential" -> {
                if (w.length != 2) {
                    throw new IllegalArgumentException("exponential takes the mean");
                }
                yield new Distribution.Exponential(seconds(w[1]));
            }
            case "fixed" -> {
                if (w.length != 2) {
                    throw new IllegalArgumentException("fixed takes the seconds");
                }
                yield new Distribution.Fixed(seconds(w[1]));
            }
            case "lognormal" -> {
                if (w.length != 4 || !w[2].equals("sd")) {
                    throw new IllegalArgumentException("lognormal takes the mean, then sd and the standard deviation");
                }
                yield new Distribution.LogNormal(seconds(w[1]), seconds(w[3]));
            }
            default -> throw new IllegalArgumentException("unknown distribution '" + w[0] + "'");
        };
    }

    private static double seconds(String s) {
        if (!s.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
            throw new IllegalArgumentException("seconds must be a number >= 0, got " + s);
        }
        return Double.parseDouble(s);
    }

    private static double share(YamlDoc doc, YamlDoc.Section s, Map<String, YamlDoc.Entry> defaults, String key, double dflt) {
        YamlDoc.Entry e = s.get(key) != null ? s.get(key) : defaults.get(key);
        if (e == null) {
            return dflt;
        }
        Double v = number(doc, e.value(), e.path(), 0, 1, "share");
        return v == null ? dflt : v;
    }

    private static Optional<Category> category(YamlDoc doc, Node node, String path) {
        String v = doc.nonEmpty(node, path, "a category id");
        Optional<Category> c = v == null ? Optional.empty() : Category.byId(v);
        if (v != null && c.isEmpty()) {
            doc.problem(node, path, "unknown category '" + v + "' (allowed: " + Category.allowedIds() + ")");
        }
        return c;
    }

    static Double number(YamlDoc doc, Node node, String path, double min, double max, String what) {
        String v = doc.text(node, path);
        if (v == null) {
            return null;
        }
        String t = v.trim();
        if (t.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
            double d = Double.parseDouble(t);
            if (d >= min && d <= max) {
                return d;
            }
        }
        doc.problem(node, path, "invalid " + what + " '" + v + "' (allowed: a number " + fmt(min) + ".." + fmt(max) + ")");
        return null;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String preview(java.util.Collection<String> ids) {
        List<String> l = new ArrayList<>(ids);
        return l.size() <= 10 ? String.join(", ", l) : String.join(", ", l.subList(0, 10)) + ", ...";
    }
}
