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
            "trunk-capacity", "config-dir", "cdr-file");
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
        Map<String, String> dirs = new HashMap<>();
        Map<String, String> cdrs = new HashMap<>();
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
            // optional: the engine writes the box's rendered files there / reads the CDR file it writes (docs/scale-out.md)
            String configDir = s.optionalText("config-dir", "");
            String cdrFile = s.optionalText("cdr-file", "");
            unique(s, "config-dir", configDir.isEmpty() ? null : configDir, dirs, "config directory");
            unique(s, "cdr-file", cdrFile.isEmpty() ? null : cdrFile, cdrs, "CDR file");
            if (id != null && amiHost != null && amiPort != null && user != null && secret != null && sip != null && trunk != null) {
                out.add(new AsteriskBox(id, amiHost, amiPort, user, secret, sip, trunk, configDir, cdrFile));
            }
        }
        return doc.problemCount() == before ? List.copyOf(out) : null;
    }

    /** The boxes with the first one's config-dir / cdr-file from {@code asterisk.*} where it names none of its own. */
    static List<AsteriskBox> firstInherits(List<AsteriskBox> boxes, String configDir, String cdrFile) {
        AsteriskBox f = boxes.getFirst();
        AsteriskBox first = new AsteriskBox(f.id(), f.amiHost(), f.amiPort(), f.amiUser(), f.amiSecret(), f.sipAddress(),
                f.trunkCapacity(), f.configDir().isEmpty() ? configDir : f.configDir(), f.cdrFile().isEmpty() ? cdrFile : f.cdrFile());
        List<AsteriskBox> out = new ArrayList<>(boxes);
        out.set(0, first);
        return List.copyOf(out);
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
