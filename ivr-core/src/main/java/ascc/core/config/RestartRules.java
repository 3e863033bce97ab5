package ascc.core.config;

import ascc.routing.campaign.Campaign;
import ascc.routing.config.AsteriskBox;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import ascc.core.config.yaml.YamlDoc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The keys a running engine reads only at start. A reload that changes one of them is refused as a whole (nothing
 * changes) with a problem per key saying it needs a restart; everything else reloads live.
 *
 * <ul>
 *   <li>engine.yaml: {@value #ENGINE_KEYS_TEXT} (listeners, connections, pools, the scheduler's zone)</li>
 *   <li>agent-states.yaml: every key (agent state tracking is built once, at start)</li>
 *   <li>campaigns.yaml: {@code trunk-channels}, adding or removing a campaign, a campaign's {@code schedule} (Quartz jobs
 *       are scheduled at start); windows, pacing, retries, questions, dialing and happy-call rules reload live</li>
 *   <li>recordings.yaml: {@code recordings.retention-check-minutes} (the retention job's interval)</li>
 *   <li>billing.yaml: adding or removing the file (the monthly close is scheduled at start); its values reload live</li>
 * </ul>
 */
public final class RestartRules {
    static final String ENGINE_KEYS_TEXT = "agi.*, ami.*, database.*, http.*, asterisk.config-dir, asterisk.cdr-file, "
            + "center.timezone, capacity.agi-max-sessions, cluster.*";
    private static final String RESTART = "needs a restart of the engine to take effect (restart it, or undo this edit to reload"
            + " the other changes); the running config is unchanged";
    private static final Set<String> SECRET_KEYS = Set.of("ami.secret", "database.url", "database.password", "http.admin-token",
            "agi.secret", "boxes");
    private static final Map<String, Function<EngineSettings, Object>> ENGINE = new LinkedHashMap<>();
    private static final Pattern ITEM = Pattern.compile("([^.\\[]+)(?:\\[(\\d+)])?");

    static {
        ENGINE.put("agi.bind", EngineSettings::agiBind);
        ENGINE.put("agi.port", EngineSettings::agiPort);
        ENGINE.put("agi.url-host", EngineSettings::agiUrlHost);
        ENGINE.put("agi.allowed-peers", e -> e.agiAccess().allowedPeers());
        ENGINE.put("agi.secret", e -> e.agiAccess().secret());
        ENGINE.put("ami.host", EngineSettings::amiHost);
        ENGINE.put("ami.port", EngineSettings::amiPort);
        ENGINE.put("ami.username", EngineSettings::amiUser);
        ENGINE.put("ami.secret", EngineSettings::amiSecret);
        // the shorthand's one box follows ami.* (and capacity.max-calls, which a reload may change): compared only when listed
        ENGINE.put("boxes", e -> e.boxes().size() == 1 && e.boxes().getFirst().id().equals(AsteriskBox.DEFAULT_ID) ? "ami" : e.boxes());
        ENGINE.put("database.url", EngineSettings::dbUrl);
        ENGINE.put("database.username", EngineSettings::dbUser);
        ENGINE.put("database.password", EngineSettings::dbPassword);
        ENGINE.put("database.embedded-path", EngineSettings::embeddedDbPath);
        ENGINE.put("database.spool-dir", EngineSettings::spoolDir);
        ENGINE.put("http.bind", EngineSettings::httpBind);
        ENGINE.put("http.port", EngineSettings::httpPort);
        ENGINE.put("http.admin-token", EngineSettings::adminToken);
        ENGINE.put("http.max-connections", e -> e.httpLimits().maxConnections());
        ENGINE.put("http.read-deadline-seconds", e -> e.httpLimits().readDeadlineSeconds());
        ENGINE.put("http.rate-limit-per-second", e -> e.httpLimits().rateLimitPerSecond());
        ENGINE.put("http.rate-limit-burst", e -> e.httpLimits().rateLimitBurst());
        ENGINE.put("asterisk.config-dir", EngineSettings::asteriskConfigDir);
        ENGINE.put("asterisk.cdr-file", EngineSettings::asteriskCdrFile);
        ENGINE.put("center.timezone", EngineSettings::timeZone);
        ENGINE.put("capacity.agi-max-sessions", s -> s.capacity().agiMaxSessions());
        ENGINE.put("cluster.node-id", s -> s.cluster().nodeId());
        ENGINE.put("cluster.lease-ttl-ms", s -> s.cluster().leaseTtl());
        ENGINE.put("cluster.renew-every-ms", s -> s.cluster().renewEvery());
    }

    private RestartRules() {
    }

    /**
     * What {@code next} changes that only a restart applies, as file:line: key: message problems; empty when {@code next}
     * can be swapped in live.
     *
     * @param dir the directory {@code next} was read from (for line numbers)
     * @param env the environment it was read with
     */
    public static List<Problem> check(Conf running, Conf next, Path dir, Map<String, String> env) {
        List<Problem> out = new ArrayList<>();
        Lines lines = new Lines(dir, env);
        EngineSettings a = running.center().engine();
        EngineSettings b = next.center().engine();
        for (Map.Entry<String, Function<EngineSettings, Object>> k : ENGINE.entrySet()) {
            Object before = k.getValue().apply(a);
            Object after = k.getValue().apply(b);
            if (!Objects.equals(before, after)) {
                String change = SECRET_KEYS.contains(k.getKey()) ? "changed" : "changed from " + before + " to " + after;
                out.add(lines.problem("engine.yaml", k.getKey(), change + "; " + RESTART));
            }
        }
        if (!running.agentStates().equals(next.agentStates())) {
            out.add(lines.problem("agent-states.yaml", "", "changed; agent states (auto-login, pause reasons, service level) are read"
                    + " at start and " + RESTART));
        }
        campaigns(running, next, lines, out);
        int every = running.recordings().retentionCheckMinutes();
        if (every != next.recordings().retentionCheckMinutes()) {
            out.add(lines.problem("recordings.yaml", "recordings.retention-check-minutes", "changed from " + every + " to "
                    + next.recordings().retentionCheckMinutes() + "; " + RESTART));
        }
        if (running.billing().isPresent() != next.billing().isPresent()) {
            out.add(new Problem("billing.yaml", 0, "(file)", (next.billing().isPresent() ? "added" : "removed")
                    + "; the monthly billing close is scheduled at start, so this " + RESTART));
        }
        return out;
    }

    private static void campaigns(Conf running, Conf next, Lines lines, List<Problem> out) {
        String file = "campaigns.yaml";
        int trunk = running.campaigns().trunkChannels();
        if (trunk != next.campaigns().trunkChannels()) {
            out.add(lines.problem(file, "trunk-channels", "changed from " + trunk + " to " + next.campaigns().trunkChannels() + "; "
                    + RESTART));
        }
        List<Campaign> before = running.campaigns().campaigns();
        List<Campaign> after = next.campaigns().campaigns();
        for (int i = 0; i < after.size(); i++) {
            Campaign c = after.get(i);
            Campaign old = running.campaigns().find(c.company(), c.id()).orElse(null);
            if (old == null) {
                out.add(lines.problem(file, "campaigns[" + i + "]", "campaign " + c.key() + " added; its dialing job is scheduled at"
                        + " start, so this " + RESTART));
            } else if (!old.schedule().equals(c.schedule())) {
                out.add(lines.problem(file, "campaigns[" + i + "].schedule", "schedule of campaign " + c.key() + " changed from \""
                        + old.schedule() + "\" to \"" + c.schedule() + "\"; " + RESTART));
            }
        }
        for (Campaign old : before) {
            if (next.campaigns().find(old.company(), old.id()).isEmpty()) {
                out.add(new Problem(file, 0, "campaigns", "campaign " + old.key() + " removed; its dialing job is scheduled at start,"
                        + " so this " + RESTART));
            }
        }
    }

    /** Finds the line of a dotted key path ({@code a.b[2].c}) in a file, for problems; 0 when not found. */
    private static final class Lines {
        private final Path dir;
        private final Map<String, String> env;
        private final Map<String, Node> roots = new LinkedHashMap<>();

        Lines(Path dir, Map<String, String> env) {
            this.dir = dir;
            this.env = env;
        }

        Problem problem(String file, String key, String message) {
            return new Problem(file, line(file, key), key.isEmpty() ? "(file)" : key, message);
        }

        private int line(String file, String key) {
            Node node = roots.computeIfAbsent(file, f -> {
                YamlDoc doc = YamlDoc.read(dir, f, new ArrayList<>(), env);
                return doc == null ? null : doc.root();
            });
            if (node == null || key.isEmpty()) {
                return 0;
            }
            Node at = node;
            int line = 0;
            for (String part : key.split("\\.")) {
                Matcher m = ITEM.matcher(part);
                if (!m.matches() || !(at instanceof MappingNode map)) {
                    return line;
                }
                NodeTuple found = null;
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(m.group(1))) {
                        found = t;
                    }
                }
                if (found == null) {
                    return line;
                }
                line = YamlDoc.line(found.getKeyNode());
                at = found.getValueNode();
                if (m.group(2) != null) {
                    int i = Integer.parseInt(m.group(2));
                    if (!(at instanceof SequenceNode seq) || i >= seq.getValue().size()) {
                        return line;
                    }
                    at = seq.getValue().get(i);
                    line = YamlDoc.line(at);
                }
            }
            return line;
        }
    }
}
