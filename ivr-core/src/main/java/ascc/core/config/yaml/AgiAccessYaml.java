package ascc.core.config.yaml;

import ascc.routing.config.AgiAccess;
import ascc.routing.config.IpNetwork;
import ascc.routing.config.Secret;

import java.util.ArrayList;
import java.util.List;

/** engine.yaml {@code agi.allowed-peers} and {@code agi.secret} into {@link AgiAccess}; the secret is never echoed. */
final class AgiAccessYaml {
    static final List<String> KEYS = List.of("allowed-peers", "secret");

    private AgiAccessYaml() {
    }

    /** The access rules, or null when there were problems (reported into the section's document). */
    static AgiAccess read(YamlDoc.Section agi) {
        YamlDoc doc = agi.doc();
        int before = doc.problemCount();
        List<IpNetwork> peers = peers(agi);
        Secret secret = secret(agi);
        if (doc.problemCount() != before || peers == null || secret == null) {
            return null;
        }
        AgiAccess access = new AgiAccess(peers, secret);
        if (!access.loopbackOnly() && AgiAccess.SAMPLE_SECRET.equals(secret.reveal())) {
            YamlDoc.Entry e = agi.get("secret");
            doc.problem(e.value(), e.path(), "the sample AGI secret of the shipped engine.yaml is refused when agi.allowed-peers"
                    + " allows a non-loopback peer (allowed: set ASCC_AGI_SECRET to a secret of your own, "
                    + AgiAccess.SECRET_ALLOWED + ")");
            return null;
        }
        return access;
    }

    private static List<IpNetwork> peers(YamlDoc.Section agi) {
        YamlDoc doc = agi.doc();
        YamlDoc.Entry e = agi.get("allowed-peers");
        if (e == null) {
            return AgiAccess.DEFAULT_PEERS.stream().map(IpNetwork::parse).toList();
        }
        List<YamlDoc.Item> items = doc.texts(e.value(), e.path(), "addresses or networks (" + IpNetwork.ALLOWED + ")");
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            doc.problem(e.value(), e.path(), "expected at least one address or network (allowed: " + IpNetwork.ALLOWED
                    + "; default: " + AgiAccess.DEFAULT_PEERS + ")");
            return null;
        }
        List<IpNetwork> out = new ArrayList<>();
        boolean ok = true;
        for (YamlDoc.Item it : items) {
            try {
                out.add(IpNetwork.parse(it.value()));
            } catch (IllegalArgumentException ex) {
                doc.problem(it.node(), it.path(), ex.getMessage());
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private static Secret secret(YamlDoc.Section agi) {
        YamlDoc doc = agi.doc();
        YamlDoc.Entry e = agi.require("secret", AgiAccess.SECRET_ALLOWED + ", e.g. ${ASCC_AGI_SECRET}");
        if (e == null) {
            return null;
        }
        String v = doc.text(e.value(), e.path());
        if (v == null) {
            return null;
        }
        if (!AgiAccess.SECRET_SHAPE.matcher(v).matches()) {
            doc.problem(e.value(), e.path(), (v.isEmpty() ? "empty AGI secret" : "invalid AGI secret (" + v.length() + " characters)")
                    + " (allowed: " + AgiAccess.SECRET_ALLOWED + ")");
            return null;
        }
        return Secret.of(v);
    }
}
