package ascc.core.config.yaml;

import static ascc.core.config.yaml.ConfigValues.optionalInt;

import ascc.routing.config.ClusterSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** engine.yaml {@code cluster:} (node id, lease timing) and {@code agi.nodes} into {@link ClusterSettings}. */
final class ClusterYaml {
    static final List<String> KEYS = List.of("node-id", "lease-ttl-ms", "renew-every-ms");
    static final String AGI_NODES = "nodes";
    private static final String NODES_ALLOWED = "a list of host:port of every engine node's FastAGI listener, e.g."
            + " [10.0.0.5:4573, 10.0.0.6:4573]";

    private ClusterYaml() {
    }

    /** The settings ({@code cluster} may be null: defaults), or null when there were problems (reported). */
    static ClusterSettings read(YamlDoc.Section cluster, YamlDoc.Section agi) {
        List<String> nodes = agi == null ? List.of() : agiNodes(agi);
        if (cluster == null) {
            return nodes == null ? null : ClusterSettings.DEFAULTS.withAgiNodes(nodes);
        }
        YamlDoc doc = cluster.doc();
        int before = doc.problemCount();
        ClusterSettings d = ClusterSettings.DEFAULTS;
        String nodeId = cluster.optionalText("node-id", "");
        if (nodeId != null && !nodeId.isEmpty() && !ClusterSettings.NODE_ID.matcher(nodeId).matches()) {
            YamlDoc.Entry e = cluster.get("node-id");
            doc.problem(e.value(), e.path(), "invalid node id '" + nodeId + "' (allowed: " + ClusterSettings.NODE_ID_ALLOWED
                    + "; empty: host name and HTTP port)");
        }
        Integer ttl = optionalInt(cluster, "lease-ttl-ms", 500, 600_000, (int) d.leaseTtl().toMillis(), "milliseconds");
        Integer renew = optionalInt(cluster, "renew-every-ms", 100, 300_000, (int) d.renewEvery().toMillis(), "milliseconds");
        if (ttl != null && renew != null && renew * 2L > ttl) {
            YamlDoc.Entry e = cluster.get("renew-every-ms") != null ? cluster.get("renew-every-ms") : cluster.get("lease-ttl-ms");
            doc.problem(e.value(), e.path(), "renew-every-ms " + renew + " must be at most half of lease-ttl-ms " + ttl
                    + " (allowed: e.g. lease-ttl-ms 6000 with renew-every-ms 2000)");
        }
        if (doc.problemCount() != before || nodes == null || ttl == null || renew == null || nodeId == null) {
            return null;
        }
        return new ClusterSettings(nodeId, Duration.ofMillis(ttl), Duration.ofMillis(renew), nodes);
    }

    private static List<String> agiNodes(YamlDoc.Section agi) {
        YamlDoc.Entry e = agi.get(AGI_NODES);
        if (e == null) {
            return List.of();
        }
        YamlDoc doc = agi.doc();
        List<YamlDoc.Item> items = doc.texts(e.value(), e.path(), NODES_ALLOWED);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean ok = true;
        for (YamlDoc.Item it : items) {
            String v = it.value();
            int port = ClusterSettings.AGI_NODE.matcher(v).matches() ? Integer.parseInt(v.substring(v.lastIndexOf(':') + 1)) : 0;
            if (port < 1 || port > 65535) {
                doc.problem(it.node(), it.path(), "invalid AGI node '" + v + "' (allowed: " + NODES_ALLOWED + ")");
                ok = false;
            } else if (!seen.add(v)) {
                doc.problem(it.node(), it.path(), "duplicate AGI node '" + v + "'");
                ok = false;
            } else {
                out.add(v);
            }
        }
        return ok ? out : null;
    }
}
