package ascc.core.config.yaml;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.Secret;
import ascc.routing.config.TokenHash;
import ascc.routing.config.WaitingRules;
import ascc.routing.config.WebCallbacks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code waiting:} and {@code web-callbacks:} sections of {@code overflow.yaml}. */
final class WaitingYaml {
    static final List<String> SETTING_KEYS = List.of("enabled", "announce-every-seconds", "default-handle-seconds", "callback-key");
    static final List<String> WAITING_KEYS;
    static final List<String> WEB_KEYS = List.of("integrations", "priority", "merge-minutes", "form-secret", "form-per-minute");
    static final List<String> INTEGRATION_KEYS = List.of("name", "channel", "token-sha256", "token");
    /** A form secret signs form tokens (HMAC-SHA256): at least this long. */
    static final int MIN_FORM_SECRET = 32;

    static {
        List<String> k = new ArrayList<>(SETTING_KEYS);
        k.add("desks");
        WAITING_KEYS = List.copyOf(k);
    }

    private WaitingYaml() {
    }

    static WaitingRules waiting(YamlDoc doc, CenterConfig center, YamlDoc.Entry e) {
        if (e == null) {
            return WaitingRules.NONE;
        }
        YamlDoc.Section s = doc.section(e.value(), e.path(), WAITING_KEYS);
        if (s == null) {
            return WaitingRules.NONE;
        }
        WaitingRules.Settings defaults = settings(doc, s, WaitingRules.Settings.ON);
        Map<String, WaitingRules.Settings> desks = new LinkedHashMap<>();
        YamlDoc.Entry d = s.get("desks");
        Map<String, YamlDoc.Entry> byDesk = d == null ? Map.of() : doc.mapping(d.value(), d.path(), null);
        for (YamlDoc.Entry de : byDesk == null ? List.<YamlDoc.Entry>of() : byDesk.values()) {
            if (!center.desks().containsKey(de.name())) {
                doc.problem(de.key(), de.path(), "unknown desk '" + de.name() + "' (desks: " + center.desks().keySet() + ")");
                continue;
            }
            YamlDoc.Section ds = doc.section(de.value(), de.path(), SETTING_KEYS);
            if (ds != null) {
                desks.put(de.name(), settings(doc, ds, defaults));
            }
        }
        return new WaitingRules(defaults, desks);
    }

    private static WaitingRules.Settings settings(YamlDoc doc, YamlDoc.Section s, WaitingRules.Settings base) {
        boolean enabled = flag(doc, s, "enabled", base.enabled());
        int every = optInt(doc, s, "announce-every-seconds", 0, 3600, base.announceEverySeconds());
        int handle = optInt(doc, s, "default-handle-seconds", 1, 7200, base.defaultHandleSeconds());
        boolean key = flag(doc, s, "callback-key", base.callbackKey());
        return new WaitingRules.Settings(enabled, every, handle, key);
    }

    static WebCallbacks web(YamlDoc doc, YamlDoc.Entry e) {
        if (e == null) {
            return WebCallbacks.NONE;
        }
        YamlDoc.Section s = doc.section(e.value(), e.path(), WEB_KEYS);
        if (s == null) {
            return WebCallbacks.NONE;
        }
        WebCallbacks d = WebCallbacks.NONE;
        int priority = optInt(doc, s, "priority", 0, 10, d.priority());
        int merge = optInt(doc, s, "merge-minutes", 0, 10_080, (int) d.mergeWindow().toMinutes());
        int perMinute = optInt(doc, s, "form-per-minute", 1, 600, d.formPerMinute());
        Secret formSecret = Secret.of("");
        YamlDoc.Entry fs = s.get("form-secret");
        if (fs != null) {
            String v = doc.text(fs.value(), fs.path());
            if (v != null && !v.isEmpty() && v.length() < MIN_FORM_SECRET) {
                doc.problem(fs.value(), fs.path(), "form-secret is too short (" + v.length() + " characters; allowed: at least "
                        + MIN_FORM_SECRET + " random characters, e.g. from 'ivr token new'; empty: no public form)");
            } else if (v != null) {
                formSecret = Secret.of(v);
            }
        }
        List<WebCallbacks.Integration> integrations = new ArrayList<>();
        YamlDoc.Entry is = s.get("integrations");
        List<org.snakeyaml.engine.v2.nodes.Node> items = is == null ? List.of() : doc.list(is.value(), is.path(), "integrations");
        Map<TokenHash, String> owners = new HashMap<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String path = YamlDoc.item(is.path(), i);
            YamlDoc.Section it = doc.section(items.get(i), path, INTEGRATION_KEYS);
            if (it == null) {
                continue;
            }
            String name = it.requiredText("name", "a name for logs and the report, e.g. sms-gateway");
            String channel = it.requiredText("channel", "one of " + WebCallbacks.Integration.CHANNELS);
            if (channel != null && !WebCallbacks.Integration.CHANNELS.contains(channel)) {
                doc.problem(it.get("channel").value(), it.get("channel").path(), "invalid channel '" + channel + "' (allowed: "
                        + String.join(", ", WebCallbacks.Integration.CHANNELS) + ")");
                channel = null;
            }
            Optional<TokenHash> token = token(doc, it, name, owners);
            if (name != null && channel != null && token.isPresent()) {
                integrations.add(new WebCallbacks.Integration(name, channel, token.get()));
            }
        }
        return new WebCallbacks(integrations, priority, Duration.ofMinutes(merge), formSecret, perMinute);
    }

    private static Optional<TokenHash> token(YamlDoc doc, YamlDoc.Section it, String name, Map<TokenHash, String> owners) {
        String how = "the SHA-256 (64 hex digits) 'ivr token new' prints beside the token it gives the integration";
        YamlDoc.Entry plain = it.get("token");
        if (plain != null) {
            doc.problem(plain.key(), plain.path(), "a plain token is not kept in config (allowed instead: token-sha256, " + how + ")");
        }
        YamlDoc.Entry t = it.require("token-sha256", how);
        if (t == null) {
            return Optional.empty();
        }
        String v = doc.text(t.value(), t.path());
        if (v != null && v.isEmpty()) {
            return Optional.empty(); // e.g. ${ASCC_SMS_GATEWAY_TOKEN_SHA256:-} unset: the integration is off
        }
        Optional<TokenHash> hash = v == null ? Optional.empty() : TokenHash.parse(v);
        if (v != null && hash.isEmpty()) {
            doc.problem(t.value(), t.path(), "not a token hash (allowed: " + how + ")");
        } else if (hash.isPresent()) {
            String other = owners.putIfAbsent(hash.get(), String.valueOf(name));
            if (other != null) {
                doc.problem(t.value(), t.path(), "integration " + name + " has the same token as " + other
                        + " (each needs its own, so its requests are counted under its channel)");
                return Optional.empty();
            }
        }
        return hash;
    }

    private static boolean flag(YamlDoc doc, YamlDoc.Section s, String key, boolean dflt) {
        YamlDoc.Entry e = s.get(key);
        Boolean v = e == null ? null : doc.bool(e.value(), e.path());
        return v == null ? dflt : v;
    }

    private static int optInt(YamlDoc doc, YamlDoc.Section s, String key, int min, int max, int dflt) {
        YamlDoc.Entry e = s.get(key);
        if (e == null) {
            return dflt;
        }
        Integer v = doc.integer(e.value(), e.path(), min, max, key);
        return v == null ? dflt : v;
    }
}
