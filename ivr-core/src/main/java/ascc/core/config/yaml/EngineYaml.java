package ascc.core.config.yaml;

import ascc.routing.config.Capacity;
import ascc.routing.config.AgiAccess;
import ascc.routing.config.AsteriskBox;
import ascc.routing.config.ClusterSettings;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.HttpLimits;
import ascc.routing.config.Priorities;
import ascc.routing.config.Secret;

import static ascc.core.config.yaml.ConfigLoader.DEFAULT_EMBEDDED_PATH;
import static ascc.core.config.yaml.ConfigLoader.ID;
import static ascc.core.config.yaml.ConfigLoader.ID_ALLOWED;
import static ascc.core.config.yaml.ConfigLoader.NUMBER;
import static ascc.core.config.yaml.ConfigLoader.NUMBER_ALLOWED;
import static ascc.core.config.yaml.ConfigValues.HOST;
import static ascc.core.config.yaml.ConfigValues.host;
import static ascc.core.config.yaml.ConfigValues.matching;
import static ascc.core.config.yaml.ConfigValues.optionalHost;
import static ascc.core.config.yaml.ConfigValues.optionalInt;
import static ascc.core.config.yaml.ConfigValues.secret;
import static ascc.core.config.yaml.ConfigValues.subsection;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code engine.yaml} into {@link EngineSettings}; keeps what the other center files are checked against
 * (shared numbers, the general desk's entry).
 */
final class EngineYaml {
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern LOAD = Pattern.compile("[0-9]{1,4}(\\.[0-9]{1,3})?");
    private static final List<String> ENGINE_KEYS = List.of("agi", "ami", "database", "http", "center", "asterisk",
            "capacity", "cluster", "boxes");
    private static final List<String> AGI_KEYS = Stream.concat(Stream.of("bind", "port", "url-host", ClusterYaml.AGI_NODES),
            AgiAccessYaml.KEYS.stream()).toList();
    private static final List<String> AMI_KEYS = List.of("host", "port", "username", "secret");
    private static final List<String> DB_KEYS = List.of("url", "username", "password", "embedded-path", "spool-dir");
    private static final List<String> HTTP_KEYS = List.of("bind", "port", "admin-token", "max-connections",
            "read-deadline-seconds", "rate-limit-per-second", "rate-limit-burst");
    private static final List<String> CENTER_KEYS = List.of("timezone", "shared-numbers", "general-desk", "repeat-caller-days",
            "repeat-caller-priority", "repeat-fault-priority", "vip-priority", "menu-timeout-ms");
    private static final List<String> CAPACITY_KEYS = List.of("max-calls", "max-load", "agi-max-sessions", "rtp-start",
            "new-calls-per-second", "admission-port", "max-calls-in-setup");
    private static final List<String> ASTERISK_KEYS = List.of("sip-bind", "sip-port", "trunk-match", "config-dir", "cdr-file");

    /** The settings, or null when the file had problems. */
    EngineSettings engine;
    /** center.shared-numbers as far as valid, or null. */
    Set<String> sharedNumbers;
    YamlDoc.Entry generalDeskEntry;
    String generalDesk;

    /** Reads {@code doc} (engine.yaml), reporting into its problems. */
    static EngineYaml of(YamlDoc doc) {
        EngineYaml e = new EngineYaml();
        e.read(doc);
        return e;
    }

    private void read(YamlDoc doc) {
        YamlDoc.Section root = doc.section(doc.root(), "", ENGINE_KEYS);
        if (root == null) {
            return;
        }
        int before = doc.problemCount();
        YamlDoc.Section agi = subsection(root, "agi", AGI_KEYS, true);
        YamlDoc.Entry boxesEntry = root.get("boxes");
        if (boxesEntry != null && root.get("ami") != null) {
            doc.problem(root.get("ami").key(), "ami", "both 'ami' and 'boxes' (allowed: 'ami' for one Asterisk box, or 'boxes' for"
                    + " several, not both)");
        }
        List<AsteriskBox> boxes = boxesEntry == null ? List.of() : BoxesYaml.read(doc, boxesEntry);
        YamlDoc.Section ami = boxesEntry == null ? subsection(root, "ami", AMI_KEYS, true) : null;
        YamlDoc.Section db = subsection(root, "database", DB_KEYS, false);
        YamlDoc.Section http = subsection(root, "http", HTTP_KEYS, true);
        YamlDoc.Section center = subsection(root, "center", CENTER_KEYS, true);
        YamlDoc.Section asterisk = subsection(root, "asterisk", ASTERISK_KEYS, true);
        YamlDoc.Section capacitySection = subsection(root, "capacity", CAPACITY_KEYS, false);
        YamlDoc.Section clusterSection = subsection(root, "cluster", ClusterYaml.KEYS, false);

        String agiBind = agi == null ? null : host(agi, "bind");
        Integer agiPort = agi == null ? null : agi.requiredInt("port", 1, 65535, "port");
        String agiUrlHost = agi == null ? null : optionalHost(agi, "url-host", agiBind);
        AgiAccess agiAccess = agi == null ? null : AgiAccessYaml.read(agi);

        String amiHost = ami == null ? null : host(ami, "host");
        Integer amiPort = ami == null ? null : ami.requiredInt("port", 1, 65535, "port");
        String amiUser = ami == null ? null : matching(ami, "username", USER, "user name", "letters, digits, '_', '.' or '-'");
        Secret amiSecret = ami == null ? null : secret(ami, "secret", "secret");
        if (boxes != null && !boxes.isEmpty()) { // the first box is what the one-box settings (ami*) name
            amiHost = boxes.getFirst().amiHost();
            amiPort = boxes.getFirst().amiPort();
            amiUser = boxes.getFirst().amiUser();
            amiSecret = boxes.getFirst().amiSecret();
        }

        String dbUrl = "";
        String dbUser = "";
        Secret dbPassword = Secret.of("");
        String embeddedPath = DEFAULT_EMBEDDED_PATH;
        String spoolDir = EngineSettings.DEFAULT_SPOOL_DIR;
        if (db != null) {
            dbUrl = db.optionalText("url", "");
            if (dbUrl != null && !dbUrl.isEmpty() && !dbUrl.startsWith("jdbc:")) {
                // the URL is not echoed: it may carry a password
                Node at = db.get("url").value();
                doc.problem(at, db.get("url").path(), "invalid JDBC URL (allowed: empty for the embedded database,"
                        + " or a URL starting with jdbc:, e.g. jdbc:mariadb://localhost:3306/ascc)");
            }
            dbUser = db.optionalText("username", "");
            String pw = db.optionalText("password", "");
            dbPassword = pw == null ? null : Secret.of(pw);
            YamlDoc.Entry pathEntry = db.get("embedded-path");
            if (pathEntry != null) {
                embeddedPath = doc.nonEmpty(pathEntry.value(), pathEntry.path(),
                        "a file path without suffix, e.g. " + DEFAULT_EMBEDDED_PATH);
            }
            YamlDoc.Entry spoolEntry = db.get("spool-dir");
            if (spoolEntry != null) {
                spoolDir = doc.nonEmpty(spoolEntry.value(), spoolEntry.path(),
                        "a directory for call records kept while the database is away, e.g. " + EngineSettings.DEFAULT_SPOOL_DIR);
            }
        }

        String httpBind = http == null ? null : host(http, "bind");
        Integer httpPort = http == null ? null : http.requiredInt("port", 1, 65535, "port");
        Secret adminToken = http == null ? null : secret(http, "admin-token", "admin token");
        HttpLimits httpLimits = http == null ? HttpLimits.DEFAULTS : httpLimits(http);

        ZoneId zone = null;
        List<String> shared = null;
        Priorities priorities = Priorities.DEFAULTS;
        Integer menuTimeoutMs = (int) EngineSettings.DEFAULT_MENU_TIMEOUT.toMillis();
        if (center != null) {
            menuTimeoutMs = optionalInt(center, "menu-timeout-ms", (int) EngineSettings.MIN_MENU_TIMEOUT.toMillis(),
                    (int) EngineSettings.MAX_MENU_TIMEOUT.toMillis(), menuTimeoutMs, "number of milliseconds");
            Integer days = optionalInt(center, "repeat-caller-days", 0, 365, Priorities.DEFAULTS.repeatCallerDays(), "number of days");
            Integer repeat = optionalInt(center, "repeat-caller-priority", 0, 100, Priorities.DEFAULTS.repeatCallerPriority(), "priority");
            Integer fault = optionalInt(center, "repeat-fault-priority", 0, 100, Priorities.DEFAULTS.repeatFaultPriority(), "priority");
            Integer vip = optionalInt(center, "vip-priority", 0, 100, Priorities.DEFAULTS.vipPriority(), "priority");
            if (days != null && repeat != null && fault != null && vip != null) {
                priorities = new Priorities(days, repeat, fault, vip);
            }
            zone = zone(center);
            shared = sharedNumbers(center);
            generalDeskEntry = center.get("general-desk");
            generalDesk = matching(center, "general-desk", ID, "desk id", ID_ALLOWED);
        }

        String sipBind = asterisk == null ? null : host(asterisk, "sip-bind");
        Integer sipPort = asterisk == null ? null : asterisk.requiredInt("sip-port", 1, 65535, "port");
        List<String> trunkMatch = asterisk == null ? null : trunkMatch(asterisk);
        String asteriskConfigDir = asterisk == null ? "" : asterisk.optionalText("config-dir", "");
        String asteriskCdrFile = asterisk == null ? "" : asterisk.optionalText("cdr-file", "");
        if (boxes != null && !boxes.isEmpty()) { // asterisk.config-dir / cdr-file are the first box's unless it names its own
            boxes = BoxesYaml.firstInherits(boxes, asteriskConfigDir, asteriskCdrFile);
        }

        Capacity capacity = capacitySection == null ? Capacity.DEFAULTS : capacity(capacitySection);
        ClusterSettings cluster = ClusterYaml.read(clusterSection, agi);

        if (doc.problemCount() == before && menuTimeoutMs != null) {
            engine = new EngineSettings(agiBind, agiPort, amiHost, amiPort, amiUser, amiSecret, dbUrl, dbUser, dbPassword,
                    embeddedPath, httpBind, httpPort, adminToken, zone, shared, generalDesk, sipBind, sipPort, trunkMatch,
                    agiUrlHost, asteriskConfigDir, spoolDir, priorities, asteriskCdrFile, capacity, httpLimits, agiAccess, cluster,
                    boxes, java.time.Duration.ofMillis(menuTimeoutMs));
        }
    }

    /** {@code capacity}: every key optional, defaults from {@link Capacity#DEFAULTS}; null when a problem was reported. */
    private static Capacity capacity(YamlDoc.Section s) {
        YamlDoc doc = s.doc();
        int before = doc.problemCount();
        Capacity d = Capacity.DEFAULTS;
        Integer maxCalls = optionalInt(s, "max-calls", Capacity.MIN_CALLS, Capacity.MAX_CALLS, d.maxCalls(), "number of calls");
        Integer sessions = optionalInt(s, "agi-max-sessions", 1, 100_000, d.agiMaxSessions(), "number of sessions");
        Integer rtpStart = optionalInt(s, "rtp-start", 1024, 60_000, d.rtpStart(), "UDP port");
        Double maxLoad = maxLoad(s, d.maxLoad());
        Integer perSecond = optionalInt(s, "new-calls-per-second", 0, Capacity.MAX_NEW_CALLS_PER_SECOND, d.newCallsPerSecond(),
            "number of new calls a second");
        Integer admissionPort = optionalInt(s, "admission-port", 1, 65535, d.admissionPort(), "UDP port");
        Integer inSetup = optionalInt(s, "max-calls-in-setup", 0, Capacity.MAX_CALLS_IN_SETUP,
            perSecond == null ? 0 : Capacity.defaultCallsInSetup(perSecond), "number of calls (0 = no bound)");
        if (rtpStart != null && rtpStart % 2 != 0) {
            YamlDoc.Entry e = s.get("rtp-start");
            doc.problem(e.value(), e.path(), "RTP ports start at an even port, got " + rtpStart
                    + " (allowed: an even UDP port 1024..60000)");
        }
        if (doc.problemCount() != before || maxCalls == null || sessions == null || rtpStart == null || maxLoad == null
                || perSecond == null || admissionPort == null || inSetup == null) {
            return null;
        }
        try {
            return new Capacity(maxCalls, maxLoad, sessions, rtpStart, perSecond, admissionPort, inSetup);
        } catch (IllegalArgumentException e) {
            YamlDoc.Entry at = s.get("rtp-start") != null ? s.get("rtp-start") : s.get("max-calls");
            doc.problem(at.value(), at.path(), e.getMessage());
            return null;
        }
    }

    private static Double maxLoad(YamlDoc.Section s, double dflt) {
        YamlDoc.Entry e = s.get("max-load");
        if (e == null) {
            return dflt;
        }
        String allowed = "a load average 0 (off) .. 1000, e.g. 8 or 7.5";
        String text = s.doc().nonEmpty(e.value(), e.path(), allowed);
        if (text == null) {
            return null;
        }
        double v = LOAD.matcher(text).matches() ? Double.parseDouble(text) : -1;
        if (v < 0 || v > 1000) {
            s.doc().problem(e.value(), e.path(), "invalid load average '" + text + "' (allowed: " + allowed + ")");
            return null;
        }
        return v;
    }

    /** http.max-connections etc.; the defaults where absent; null (problems reported) when one is out of range. */
    private static HttpLimits httpLimits(YamlDoc.Section http) {
        Integer max = optionalInt(http, "max-connections", 1, 100_000, HttpLimits.DEFAULT_MAX_CONNECTIONS, "number of connections");
        Integer deadline = optionalInt(http, "read-deadline-seconds", 1, 300, HttpLimits.DEFAULT_READ_DEADLINE_SECONDS,
                "number of seconds");
        Integer rate = optionalInt(http, "rate-limit-per-second", 1, 100_000, HttpLimits.DEFAULT_RATE_LIMIT_PER_SECOND,
                "requests per second");
        Integer burst = optionalInt(http, "rate-limit-burst", 1, 100_000, HttpLimits.DEFAULT_RATE_LIMIT_BURST, "number of requests");
        return max == null || deadline == null || rate == null || burst == null ? null : new HttpLimits(max, deadline, rate, burst);
    }

    private static ZoneId zone(YamlDoc.Section center) {
        String allowed = "a region id such as Asia/Seoul or UTC";
        YamlDoc.Entry e = center.require("timezone", allowed);
        if (e == null) {
            return null;
        }
        String v = center.doc().nonEmpty(e.value(), e.path(), allowed);
        if (v == null) {
            return null;
        }
        try {
            return ZoneId.of(v);
        } catch (DateTimeException ex) {
            center.doc().problem(e.value(), e.path(), "unknown time zone '" + v + "' (allowed: " + allowed + ")");
            return null;
        }
    }

    private List<String> sharedNumbers(YamlDoc.Section center) {
        YamlDoc doc = center.doc();
        YamlDoc.Entry e = center.require("shared-numbers", "a list of numbers, " + NUMBER_ALLOWED + "; may be []");
        if (e == null) {
            return null;
        }
        int before = doc.problemCount();
        List<YamlDoc.Item> items = doc.texts(e.value(), e.path(), "numbers (" + NUMBER_ALLOWED + ")");
        if (items == null) {
            return null;
        }
        Map<String, String> seen = new LinkedHashMap<>();
        boolean ok = true;
        for (YamlDoc.Item it : items) {
            if (!NUMBER.matcher(it.value()).matches()) {
                doc.problem(it.node(), it.path(), "invalid number '" + it.value() + "' (allowed: " + NUMBER_ALLOWED + ")");
                ok = false;
            } else if (seen.containsKey(it.value())) {
                doc.problem(it.node(), it.path(), "duplicate shared number '" + it.value() + "' (already at " + seen.get(it.value()) + ")");
                ok = false;
            } else {
                seen.put(it.value(), it.path());
            }
        }
        sharedNumbers = Set.copyOf(seen.keySet());
        return ok && doc.problemCount() == before ? List.copyOf(seen.keySet()) : null;
    }

    private static List<String> trunkMatch(YamlDoc.Section s) {
        YamlDoc doc = s.doc();
        String allowed = "addresses or networks, e.g. [127.0.0.1] or [192.0.2.0/24]";
        YamlDoc.Entry e = s.require("trunk-match", allowed);
        if (e == null) {
            return null;
        }
        int before = doc.problemCount();
        List<YamlDoc.Item> items = doc.texts(e.value(), e.path(), allowed);
        if (items == null) {
            return null;
        }
        if (items.isEmpty() && doc.problemCount() == before) {
            doc.problem(e.value(), e.path(), "expected at least one address or network (allowed: " + allowed + ")");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (YamlDoc.Item it : items) {
            if (!HOST.matcher(it.value()).matches()) {
                doc.problem(it.node(), it.path(), "invalid address '" + it.value() + "' (allowed: " + allowed + ")");
            } else {
                out.add(it.value());
            }
        }
        return doc.problemCount() == before ? out : null;
    }
}
