package ascc.core.config.yaml;

import static ascc.core.config.yaml.ConfigValues.host;
import static ascc.core.config.yaml.ConfigValues.matching;
import static ascc.core.config.yaml.ConfigValues.secret;

import ascc.routing.config.AsteriskBox;
import ascc.routing.config.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code engine.yaml} {@code boxes}: the Asterisk boxes, each with its AMI address, user and secret, SIP address and trunk
 * capacity. Ids, AMI addresses (host:port) and SIP addresses are each unique; every problem is reported with its line.
 */
final class BoxesYaml {
    static final List<String> KEYS = List.of("id", "ami-host", "ami-port", "ami-username", "ami-secret", "sip-address",
            "trunk-capacity");
    static final String ALLOWED = "a list of Asterisk boxes, each a mapping with keys: " + String.join(", ", KEYS);
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final int MAX_TRUNK = 100_000;

    private BoxesYaml() {
    }

    /** The boxes of {@code e} (the {@code boxes} entry), or null when a problem was reported. */
    static List<AsteriskBox> read(YamlDoc doc, YamlDoc.Entry e) {
        int before = doc.problemCount();
        List<Node> nodes = doc.list(e.value(), e.path(), "Asterisk boxes (each a mapping with keys: " + String.join(", ", KEYS) + ")");
        if (nodes == null) {
            return null;
        }
        if (nodes.isEmpty()) {
            doc.problem(e.value(), e.path(), "expected at least one box (allowed: " + ALLOWED + "; or the one-box 'ami' section"
                    + " instead)");
            return null;
        }
        List<AsteriskBox> out = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        Map<String, String> amis = new HashMap<>();
        Map<String, String> sips = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            YamlDoc.Section s = doc.section(nodes.get(i), YamlDoc.item(e.path(), i), KEYS);
            if (s == null) {
                continue;
            }
            String id = matching(s, "id", AsteriskBox.ID, "box id", AsteriskBox.ID_ALLOWED);
            String amiHost = host(s, "ami-host");
            Integer amiPort = s.requiredInt("ami-port", 1, 65535, "port");
            String user = matching(s, "ami-username", USER, "user name", "letters, digits, '_', '.' or '-'");
            Secret secret = secret(s, "ami-secret", "secret");
            String sip = host(s, "sip-address");
            Integer trunk = s.requiredInt("trunk-capacity", 1, MAX_TRUNK, "trunk capacity");
            unique(s, "id", id, ids, "box id");
            unique(s, "ami-host", amiHost == null || amiPort == null ? null : amiHost + ":" + amiPort, amis, "AMI address");
            unique(s, "sip-address", sip, sips, "SIP address");
            if (id != null && amiHost != null && amiPort != null && user != null && secret != null && sip != null && trunk != null) {
                out.add(new AsteriskBox(id, amiHost, amiPort, user, secret, sip, trunk));
            }
        }
        return doc.problemCount() == before ? List.copyOf(out) : null;
    }

    private static void unique(YamlDoc.Section s, String key, String value, Map<String, String> seen, String what) {
        if (value == null) {
            return;
        }
        YamlDoc.Entry at = s.get(key);
        String first = seen.putIfAbsent(value, at.path() + " (line " + YamlDoc.line(at.value()) + ")");
        if (first != null) {
            s.doc().problem(at.value(), at.path(), "duplicate " + what + " '" + value + "' (already at " + first
                    + "; allowed: a " + what + " no other box has)");
        }
    }
}
