package ascc.core.config.yaml;

import ascc.routing.config.Secret;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/** Checked readers of single values shared by the center files' readers; each reports into the file's problems. */
final class ConfigValues {
    static final Pattern HOST = Pattern.compile("\\S+");
    static final String HOST_ALLOWED = "a host name or IP address, e.g. 127.0.0.1";
    private static final String SECRET_ALLOWED = "at least 8 characters without spaces, ';' or '\"'";
    private static final int MIN_SECRET = 8;

    private ConfigValues() {
    }

    static Integer optionalInt(YamlDoc.Section s, String key, int min, int max, int dflt, String what) {
        YamlDoc.Entry e = s.get(key);
        return e == null ? Integer.valueOf(dflt) : s.doc().integer(e.value(), e.path(), min, max, what);
    }

    static YamlDoc.Section subsection(YamlDoc.Section parent, String key, List<String> keys, boolean required) {
        String allowed = "a mapping with keys: " + String.join(", ", keys);
        YamlDoc.Entry e = required ? parent.require(key, allowed) : parent.get(key);
        return e == null ? null : parent.doc().section(e.value(), e.path(), keys);
    }

    static String host(YamlDoc.Section s, String key) {
        return matching(s, key, HOST, "address", HOST_ALLOWED);
    }

    static String optionalHost(YamlDoc.Section s, String key, String dflt) {
        YamlDoc.Entry e = s.get(key);
        if (e == null) {
            return dflt;
        }
        return checked(s.doc(), e, HOST, "address", HOST_ALLOWED);
    }

    /** A required value matching {@code pattern}, or null (reported). */
    static String matching(YamlDoc.Section s, String key, Pattern pattern, String what, String allowed) {
        YamlDoc.Entry e = s.require(key, allowed);
        return e == null ? null : checked(s.doc(), e, pattern, what, allowed);
    }

    static String checked(YamlDoc doc, YamlDoc.Entry e, Pattern pattern, String what, String allowed) {
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
    static Secret secret(YamlDoc.Section s, String key, String what) {
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

    /** The id as written (even if invalid), to avoid follow-up "unknown id" problems elsewhere. */
    static String rawId(YamlDoc.Section s) {
        YamlDoc.Entry e = s.get("id");
        if (e == null || !(e.value() instanceof ScalarNode sc)) {
            return null;
        }
        return sc.getValue().trim();
    }

    /** The mapping items of the file's single top-level list key, or null (reported). */
    static List<YamlDoc.Section> topList(YamlDoc doc, String key, List<String> itemKeys, String what) {
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
}
