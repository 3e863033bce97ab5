package ascc.core.config.yaml;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.OverflowConfig.Action;
import ascc.routing.config.OverflowConfig.AddAgentsOf;
import ascc.routing.config.OverflowConfig.CallbackRules;
import ascc.routing.config.OverflowConfig.EstimatedWaitAtLeast;
import ascc.routing.config.OverflowConfig.NoAgent;
import ascc.routing.config.OverflowConfig.OfferCallback;
import ascc.routing.config.OverflowConfig.Partner;
import ascc.routing.config.OverflowConfig.QueueLengthAtLeast;
import ascc.routing.config.OverflowConfig.Step;
import ascc.routing.config.OverflowConfig.Trigger;
import ascc.routing.config.OverflowConfig.Voicemail;
import ascc.routing.config.OverflowConfig.WaitedAtLeast;
import ascc.routing.config.OverflowConfig.Widen;
import ascc.routing.config.Problem;
import ascc.routing.config.WaitingRules;
import ascc.routing.config.WebCallbacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads {@code overflow.yaml} into an {@link OverflowConfig}, checking desk ids against the center files. */
public final class OverflowYaml {
    private static final List<String> ROOT_KEYS = List.of("desks", "start-proficiency", "callback", "trunk-dial", "waiting",
            "web-callbacks");
    private static final List<String> TRIGGER_KEYS = List.of("after-seconds", "queue-length", "no-agent", "estimated-wait-seconds");
    private static final List<String> ACTION_KEYS = List.of("add-agents-of", "widen-to-proficiency", "offer-callback", "partner",
            "voicemail");
    private static final List<String> STEP_KEYS;
    private static final List<String> CALLBACK_KEYS = List.of("attempts", "backoff-seconds", "ring-seconds", "max-wait-seconds",
            "key", "offer-prompt", "thanks-prompt");

    static {
        List<String> k = new ArrayList<>(TRIGGER_KEYS);
        k.addAll(ACTION_KEYS);
        STEP_KEYS = List.copyOf(k);
    }

    private OverflowYaml() {
    }

    /**
     * Loads {@code dir/overflow.yaml}, checking desk ids against {@code center}.
     *
     * @throws ConfigException with every problem (file, line, key)
     */
    public static OverflowConfig load(Path dir, Map<String, String> env, CenterConfig center) throws ConfigException {
        if (!Files.exists(dir.resolve(OverflowConfig.FILE))) {
            return OverflowConfig.none();
        }
        List<Problem> problems = new ArrayList<>();
        YamlDoc doc = YamlDoc.read(dir, OverflowConfig.FILE, problems, Map.copyOf(env));
        OverflowConfig out = doc == null ? null : parse(doc, center);
        if (!problems.isEmpty() || out == null) {
            throw new ConfigException(problems);
        }
        return out;
    }

    private static OverflowConfig parse(YamlDoc doc, CenterConfig center) {
        YamlDoc.Section root = doc.section(doc.root(), "", ROOT_KEYS);
        if (root == null) {
            return null;
        }
        Map<String, Integer> start = new LinkedHashMap<>();
        YamlDoc.Entry sp = root.get("start-proficiency");
        Map<String, YamlDoc.Entry> spByDesk = sp == null ? Map.of() : doc.mapping(sp.value(), sp.path(), null);
        for (YamlDoc.Entry e : spByDesk == null ? List.<YamlDoc.Entry>of() : spByDesk.values()) {
            if (knownDesk(doc, center, e.key(), e.path(), e.name())) {
                Integer p = doc.integer(e.value(), e.path(), 2, 5, "start proficiency (the lowest proficiency first offered)");
                if (p != null) {
                    start.put(e.name(), p);
                }
            }
        }
        CallbackRules rules = callbackRules(doc, root.get("callback"));
        String trunkDial = "";
        YamlDoc.Entry td = root.get("trunk-dial");
        if (td != null) {
            String v = doc.nonEmpty(td.value(), td.path(), "a dial string with {number}, e.g. PJSIP/customer-trunk/sip:{number}@10.0.0.5");
            if (v != null && (!v.contains("{number}") || v.contains(",") || v.matches(".*\\s.*") || v.contains("$"))) {
                doc.problem(td.value(), td.path(), "invalid trunk-dial '" + v + "' (allowed: one dial string containing {number}, without"
                        + " commas, spaces or ${...}, e.g. PJSIP/customer-trunk/sip:{number}@10.0.0.5)");
            } else if (v != null) {
                trunkDial = v;
            }
        }
        Map<String, List<Step>> out = new LinkedHashMap<>();
        YamlDoc.Entry desks = root.get("desks");
        Map<String, YamlDoc.Entry> byDesk = desks == null ? Map.of() : doc.mapping(desks.value(), desks.path(), null);
        for (YamlDoc.Entry d : byDesk == null ? List.<YamlDoc.Entry>of() : byDesk.values()) {
            if (!knownDesk(doc, center, d.key(), d.path(), d.name())) {
                continue;
            }
            List<Step> steps = new ArrayList<>();
            List<Node> items = doc.list(d.value(), d.path(), "steps");
            for (int i = 0; items != null && i < items.size(); i++) {
                Step s = step(doc, center, d.name(), items.get(i), YamlDoc.item(d.path(), i), start.get(d.name()), trunkDial, td);
                if (s != null) {
                    steps.add(s);
                }
            }
            out.put(d.name(), steps);
        }
        WaitingRules waiting = WaitingYaml.waiting(doc, center, root.get("waiting"));
        WebCallbacks web = WaitingYaml.web(doc, root.get("web-callbacks"));
        boolean key = waiting.defaults().enabled() && waiting.defaults().callbackKey()
                || waiting.desks().values().stream().anyMatch(s -> s.enabled() && s.callbackKey());
        if (trunkDial.isEmpty() && td == null && (key || root.get("web-callbacks") != null)) {
            doc.problem(doc.root(), key ? "waiting.callback-key" : "web-callbacks", "callbacks call out over the trunk: set trunk-dial at"
                    + " the top of the file (or callback-key: false)");
        }
        return new OverflowConfig(out, start, rules, trunkDial, waiting, web);
    }

    private static boolean knownDesk(YamlDoc doc, CenterConfig center, Node at, String path, String desk) {
        if (center.desks().containsKey(desk)) {
            return true;
        }
        doc.problem(at, path, "unknown desk '" + desk + "' (desks: " + center.desks().keySet() + ")");
        return false;
    }

    private static Step step(YamlDoc doc, CenterConfig center, String desk, Node node, String path, Integer start, String trunkDial,
                             YamlDoc.Entry trunkEntry) {
        YamlDoc.Section s = doc.section(node, path, STEP_KEYS);
        if (s == null) {
            return null;
        }
        List<String> triggers = TRIGGER_KEYS.stream().filter(k -> s.get(k) != null).toList();
        List<String> actions = ACTION_KEYS.stream().filter(k -> s.get(k) != null).toList();
        if (triggers.size() != 1) {
            doc.problem(node, path, "a step needs exactly one trigger, found " + (triggers.isEmpty() ? "none" : triggers)
                    + " (triggers: " + String.join(", ", TRIGGER_KEYS) + ")");
        }
        if (actions.size() != 1) {
            doc.problem(node, path, "a step needs exactly one action, found " + (actions.isEmpty() ? "none" : actions)
                    + " (actions: " + String.join(", ", ACTION_KEYS) + ")");
        }
        if (triggers.size() != 1 || actions.size() != 1) {
            return null;
        }
        Trigger trigger = trigger(doc, s.get(triggers.get(0)));
        Action action = action(doc, center, desk, s.get(actions.get(0)), start);
        if (action instanceof OfferCallback || action instanceof Partner) {
            if (trunkDial.isEmpty() && trunkEntry == null) {
                doc.problem(node, path, "action " + actions.get(0) + " calls out over the trunk: set trunk-dial at the top of the file");
                return null;
            }
        }
        return trigger == null || action == null ? null : new Step(trigger, action);
    }

    private static Trigger trigger(YamlDoc doc, YamlDoc.Entry e) {
        return switch (e.name()) {
            case "after-seconds" -> {
                Integer n = doc.integer(e.value(), e.path(), 0, 86_400, "after-seconds (seconds waited)");
                yield n == null ? null : new WaitedAtLeast(n);
            }
            case "queue-length" -> {
                Integer n = doc.integer(e.value(), e.path(), 1, 10_000, "queue-length (callers waiting)");
                yield n == null ? null : new QueueLengthAtLeast(n);
            }
            case "estimated-wait-seconds" -> {
                Integer n = doc.integer(e.value(), e.path(), 1, 86_400, "estimated-wait-seconds");
                yield n == null ? null : new EstimatedWaitAtLeast(n);
            }
            case "no-agent" -> {
                String v = doc.text(e.value(), e.path());
                if ("logged-in".equals(v) || "free".equals(v)) {
                    yield new NoAgent("free".equals(v));
                }
                if (v != null) {
                    doc.problem(e.value(), e.path(), "invalid no-agent '" + v + "' (allowed: logged-in, free)");
                }
                yield null;
            }
            default -> throw new IllegalStateException("not a trigger key: " + e.name());
        };
    }

    private static Action action(YamlDoc doc, CenterConfig center, String desk, YamlDoc.Entry e, Integer start) {
        return switch (e.name()) {
            case "add-agents-of" -> {
                String backup = doc.nonEmpty(e.value(), e.path(), "a desk id, e.g. general");
                if (backup == null) {
                    yield null;
                }
                if (!center.desks().containsKey(backup)) {
                    doc.problem(e.value(), e.path(), "unknown desk '" + backup + "' (desks: " + center.desks().keySet() + ")");
                    yield null;
                }
                if (backup.equals(desk)) {
                    doc.problem(e.value(), e.path(), "a desk cannot overflow to itself");
                    yield null;
                }
                yield new AddAgentsOf(backup);
            }
            case "widen-to-proficiency" -> {
                Integer p = doc.integer(e.value(), e.path(), 1, 4, "widen-to-proficiency");
                if (p == null) {
                    yield null;
                }
                if (start == null || p >= start) {
                    doc.problem(e.value(), e.path(), "widen-to-proficiency " + p + " needs start-proficiency for desk " + desk
                            + " above it (now " + (start == null ? "unset: every proficiency is offered already" : start) + ")");
                    yield null;
                }
                yield new Widen(p);
            }
            case "offer-callback" -> {
                String v = doc.text(e.value(), e.path());
                if (!"true".equals(v) && !"yes".equals(v)) {
                    doc.problem(e.value(), e.path(), "invalid offer-callback '" + v + "' (allowed: true)");
                    yield null;
                }
                yield new OfferCallback();
            }
            case "partner" -> {
                String v = doc.nonEmpty(e.value(), e.path(), "the partner center's number, digits and an optional leading +");
                if (v != null && !v.matches("\\+?\\d{3,20}")) {
                    doc.problem(e.value(), e.path(), "invalid partner number '" + v + "' (allowed: 3..20 digits, optional leading +)");
                    yield null;
                }
                yield v == null ? null : new Partner(v);
            }
            case "voicemail" -> {
                String v = doc.text(e.value(), e.path());
                if (!"company".equals(v)) {
                    doc.problem(e.value(), e.path(), "invalid voicemail '" + v + "' (allowed: company - the caller's company box)");
                    yield null;
                }
                yield new Voicemail();
            }
            default -> throw new IllegalStateException("not an action key: " + e.name());
        };
    }

    private static CallbackRules callbackRules(YamlDoc doc, YamlDoc.Entry e) {
        CallbackRules d = CallbackRules.DEFAULT;
        if (e == null) {
            return d;
        }
        YamlDoc.Section s = doc.section(e.value(), e.path(), CALLBACK_KEYS);
        if (s == null) {
            return d;
        }
        int attempts = optInt(doc, s, "attempts", 1, 10, d.attempts());
        int backoff = optInt(doc, s, "backoff-seconds", 1, 86_400, d.backoffSeconds());
        int ring = optInt(doc, s, "ring-seconds", 5, 120, d.ringSeconds());
        int maxWait = optInt(doc, s, "max-wait-seconds", 60, 86_400, d.maxWaitSeconds());
        String key = s.optionalText("key", d.key());
        if (key != null && !key.matches("[0-9*#]")) {
            doc.problem(s.get("key").value(), s.get("key").path(), "invalid key '" + key + "' (allowed: one of 0-9 * #)");
            key = d.key();
        }
        String offer = prompt(doc, s, "offer-prompt", d.offerPrompt());
        String thanks = prompt(doc, s, "thanks-prompt", d.thanksPrompt());
        return new CallbackRules(attempts, backoff, ring, maxWait, key == null ? d.key() : key, offer, thanks);
    }

    private static int optInt(YamlDoc doc, YamlDoc.Section s, String key, int min, int max, int dflt) {
        YamlDoc.Entry e = s.get(key);
        if (e == null) {
            return dflt;
        }
        Integer v = doc.integer(e.value(), e.path(), min, max, key);
        return v == null ? dflt : v;
    }

    private static String prompt(YamlDoc doc, YamlDoc.Section s, String key, String dflt) {
        String v = s.optionalText(key, dflt);
        if (v != null && !v.matches("[A-Za-z0-9_/-]+")) {
            doc.problem(s.get(key).value(), s.get(key).path(), "invalid " + key + " '" + v + "' (allowed: a sound name without"
                    + " extension, letters, digits, _ - /)");
            return dflt;
        }
        return v == null ? dflt : v;
    }
}
