package ascc.core.config.yaml;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import ascc.routing.config.Secret;
import ascc.routing.config.WebConfig;
import ascc.routing.config.WebConfig.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code web.yaml} into a {@link WebConfig}: logins with their role and bcrypt hash, companies and agents checked
 * against the center files. No message shows a hash.
 */
public final class WebYaml {
    private static final List<String> ROOT_KEYS = List.of("session", "users");
    private static final List<String> SESSION_KEYS = List.of("idle-minutes", "max-hours");
    private static final List<String> USER_KEYS = List.of("login", "role", "password-hash", "company", "agent", "name", "phone");
    /** bcrypt's modular crypt format: {@code $2a$12$} + 22 salt + 31 hash characters. */
    static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private WebYaml() {
    }

    /**
     * Loads {@code dir/web.yaml}, or {@link WebConfig#NONE} when absent.
     *
     * @throws ConfigException with every problem (file, line, key, what is allowed)
     */
    public static WebConfig load(Path dir, Map<String, String> env, CenterConfig center) throws ConfigException {
        if (!Files.exists(dir.resolve(WebConfig.FILE))) {
            return WebConfig.NONE;
        }
        List<Problem> problems = new ArrayList<>();
        YamlDoc doc = YamlDoc.read(dir, WebConfig.FILE, problems, Map.copyOf(env));
        Map<String, WebConfig.User> users = new LinkedHashMap<>();
        int idle = WebConfig.DEFAULT_IDLE_MINUTES;
        int max = WebConfig.DEFAULT_MAX_HOURS;
        if (doc != null) {
            YamlDoc.Section root = doc.section(doc.root(), "", ROOT_KEYS);
            YamlDoc.Entry session = root == null ? null : root.get("session");
            YamlDoc.Section s = session == null ? null : doc.section(session.value(), "session", SESSION_KEYS);
            if (s != null) {
                YamlDoc.Entry i = s.get("idle-minutes");
                Integer v = i == null ? null : doc.integer(i.value(), i.path(), 1, 24 * 60, "idle minutes");
                idle = v == null ? idle : v;
                YamlDoc.Entry m = s.get("max-hours");
                v = m == null ? null : doc.integer(m.value(), m.path(), 1, 7 * 24, "hours");
                max = v == null ? max : v;
            }
            YamlDoc.Entry list = root == null ? null : root.get("users");
            List<Node> items = list == null ? List.of() : doc.list(list.value(), list.path(), "users");
            for (int i = 0; items != null && i < items.size(); i++) {
                WebConfig.User u = user(doc, items.get(i), YamlDoc.item("users", i), center, users);
                if (u != null) {
                    users.put(u.login(), u);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new WebConfig(users, idle, max);
    }

    private static WebConfig.User user(YamlDoc doc, Node node, String path, CenterConfig center, Map<String, WebConfig.User> seen) {
        int before = doc.problemCount();
        YamlDoc.Section s = doc.section(node, path, USER_KEYS);
        if (s == null) {
            return null;
        }
        String login = s.requiredText("login", "what the user types, letters, digits and . _ @ -, e.g. kim.supervisor");
        if (login != null && !LOGIN.matcher(login).matches()) {
            doc.problem(s.get("login").value(), path + ".login", "invalid login (allowed: 1-64 letters, digits and . _ @ -)");
        } else if (login != null && seen.containsKey(login)) {
            doc.problem(s.get("login").value(), path + ".login", "duplicate login '" + login + "'");
        }
        String roleText = s.requiredText("role", "admin, supervisor, company or agent");
        Role role = roleText == null ? null : Role.ofKey(roleText).orElse(null);
        if (roleText != null && role == null) {
            doc.problem(s.get("role").value(), path + ".role", "unknown role '" + roleText
                    + "' (allowed: admin, supervisor, company, agent)");
        }
        String hash = s.requiredText("password-hash", "a bcrypt hash from 'ivr web hash-password' ($2a$12$...)");
        if (hash != null && !BCRYPT.matcher(hash).matches()) {
            doc.problem(s.get("password-hash").value(), path + ".password-hash",
                    "not a bcrypt hash (expected $2a$NN$ and 53 characters, as 'ivr web hash-password' prints; never the password itself)");
        } else if (hash != null) {
            int cost = Integer.parseInt(hash.substring(4, 6));
            if (cost < 10 || cost > 16) {
                doc.problem(s.get("password-hash").value(), path + ".password-hash", "bcrypt cost " + cost + " (allowed: 10 to 16)");
            }
        }
        String company = s.optionalText("company", null);
        String agent = s.optionalText("agent", null);
        if (role == Role.COMPANY) {
            if (company == null) {
                doc.problem(s.node(), path + ".company", "a company user needs 'company:' (an id of companies.yaml)");
            } else if (!center.companies().containsKey(company)) {
                doc.problem(s.get("company").value(), path + ".company", "unknown company '" + company + "' (companies: "
                        + center.companies().keySet() + ")");
            }
        } else if (company != null) {
            doc.problem(s.get("company").value(), path + ".company", "only a user with role company has a company");
        }
        if (role == Role.AGENT) {
            if (agent == null) {
                doc.problem(s.node(), path + ".agent", "an agent user needs 'agent:' (an id of agents.yaml, quoted: \"1001\")");
            } else if (!center.agents().containsKey(agent)) {
                doc.problem(s.get("agent").value(), path + ".agent", "unknown agent '" + agent + "' (agents.yaml ids, quoted)");
            }
        } else if (agent != null) {
            doc.problem(s.get("agent").value(), path + ".agent", "only a user with role agent has an agent");
        }
        String phone = s.optionalText("phone", null);
        if (phone != null && role != Role.ADMIN && role != Role.SUPERVISOR) {
            doc.problem(s.get("phone").value(), path + ".phone", "only an admin or supervisor has a phone (to listen in on calls)");
        } else if (phone != null && !center.agents().containsKey(phone)) {
            doc.problem(s.get("phone").value(), path + ".phone", "unknown phone '" + phone + "' (an agents.yaml id whose SIP phone the"
                    + " supervisor answers, quoted: \"1006\")");
        }
        String name = s.optionalText("name", null);
        if (doc.problemCount() != before || login == null || role == null || hash == null) {
            return null;
        }
        return new WebConfig.User(login, role, Secret.of(hash), company, agent, name, phone);
    }
}
