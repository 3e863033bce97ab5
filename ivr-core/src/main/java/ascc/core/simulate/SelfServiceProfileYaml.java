package ascc.core.simulate;

import ascc.core.config.yaml.YamlDoc;
import ascc.routing.simulate.Distribution;
import ascc.routing.simulate.SelfServiceTraffic;
import java.util.List;
import java.util.Map;

/**
 * The {@code self-service} key of a traffic profile entry (or of {@code defaults}): how the entry's callers use self-service
 * where their company has it enabled in self-service.yaml. Unknown keys and bad values are problems with file:line.
 *
 * <pre>
 * self-service: {repair-status-share: 0.30, resolved-share: 0.70, ivr-seconds: lognormal 60 sd 20}
 * </pre>
 */
final class SelfServiceProfileYaml {
    static final String KEY = "self-service";
    private static final List<String> KEYS = List.of("repair-status-share", "resolved-share", "ivr-seconds");

    private SelfServiceProfileYaml() {
    }

    /** The entry's own {@code self-service}, else the defaults', else {@link SelfServiceTraffic#NONE}; null after a problem. */
    static SelfServiceTraffic read(YamlDoc doc, YamlDoc.Section entry, Map<String, YamlDoc.Entry> defaults) {
        YamlDoc.Entry e = entry.get(KEY) != null ? entry.get(KEY) : defaults.get(KEY);
        if (e == null) {
            return SelfServiceTraffic.NONE;
        }
        YamlDoc.Section s = doc.section(e.value(), e.path(), KEYS);
        if (s == null) {
            return null;
        }
        YamlDoc.Entry ask = s.require("repair-status-share", "share of the callers who ask for a repair status, 0..1");
        YamlDoc.Entry res = s.require("resolved-share", "share of those served in the IVR without an agent, 0..1");
        YamlDoc.Entry ivr = s.require("ivr-seconds", "seconds in the self-service menus: " + TrafficProfileYaml.DISTRIBUTIONS);
        Double a = ask == null ? null : TrafficProfileYaml.number(doc, ask.value(), ask.path(), 0, 1, "share");
        Double r = res == null ? null : TrafficProfileYaml.number(doc, res.value(), res.path(), 0, 1, "share");
        Distribution d = null;
        String v = ivr == null ? null : doc.nonEmpty(ivr.value(), ivr.path(), TrafficProfileYaml.DISTRIBUTIONS);
        if (v != null) {
            try {
                d = TrafficProfileYaml.parse(v);
                if (d instanceof Distribution.Never) {
                    throw new IllegalArgumentException("never is for patience only");
                }
            } catch (IllegalArgumentException ex) {
                doc.problem(ivr.value(), ivr.path(), "invalid ivr-seconds '" + v + "': " + ex.getMessage() + " (allowed: "
                        + TrafficProfileYaml.DISTRIBUTIONS + ")");
                d = null;
            }
        }
        return a == null || r == null || d == null ? null : new SelfServiceTraffic(a, r, d);
    }
}
