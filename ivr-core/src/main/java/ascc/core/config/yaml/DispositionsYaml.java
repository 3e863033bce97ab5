package ascc.core.config.yaml;

import ascc.routing.config.Disposition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A desk's {@code dispositions:} list in desks.yaml: each item a mapping with {@code code} (an id) and {@code label}; unknown
 * keys, bad or duplicate codes are problems with file:line.
 */
final class DispositionsYaml {
    static final List<String> KEYS = List.of("code", "label");
    static final String ALLOWED = "a list of mappings with keys code (" + ConfigLoader.ID_ALLOWED + ") and label (text),"
            + " e.g. [{code: solved, label: Solved on the phone}]";

    private DispositionsYaml() {
    }

    /** The codes of {@code e}, or null when a problem was reported. */
    static List<Disposition> read(YamlDoc doc, YamlDoc.Entry e) {
        int before = doc.problemCount();
        List<Node> nodes = doc.list(e.value(), e.path(), "disposition codes (" + ALLOWED + ")");
        if (nodes == null) {
            return null;
        }
        List<Disposition> out = new ArrayList<>();
        Map<String, Integer> lines = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            YamlDoc.Section s = doc.section(nodes.get(i), YamlDoc.item(e.path(), i), KEYS);
            if (s == null) {
                continue;
            }
            String code = ConfigValues.matching(s, "code", ConfigLoader.ID, "disposition code", ConfigLoader.ID_ALLOWED);
            String label = s.requiredText("label", "a label the agent desktop shows, e.g. Solved on the phone");
            if (code != null) {
                Integer first = lines.putIfAbsent(code, YamlDoc.line(s.get("code").value()));
                if (first != null) {
                    doc.problem(s.get("code").value(), s.get("code").path(), "duplicate disposition code '" + code
                            + "' (first at line " + first + ")");
                }
            }
            if (code != null && label != null) {
                out.add(new Disposition(code, label));
            }
        }
        return doc.problemCount() == before ? out : null;
    }
}
