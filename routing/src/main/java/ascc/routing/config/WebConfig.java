package ascc.routing.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Web logins from {@code conf/web.yaml} (optional; nobody can log in to the web pages when absent): who may log in,
 * with which role, and how long a session lives. Passwords are stored only as bcrypt hashes ({@code ivr web
 * hash-password} makes one); the hash is a {@link Secret}, so it is never printed.
 *
 * @param users by login, in file order
 * @param idleMinutes a session unused this long is ended
 * @param maxHours a session is ended this long after the login, used or not
 */
public record WebConfig(Map<String, User> users, int idleMinutes, int maxHours) {
    public static final String FILE = "web.yaml";
    public static final int DEFAULT_IDLE_MINUTES = 30;
    public static final int DEFAULT_MAX_HOURS = 12;
    /** No web.yaml: no web logins. */
    public static final WebConfig NONE = new WebConfig(Map.of(), DEFAULT_IDLE_MINUTES, DEFAULT_MAX_HOURS);

    /** What a web user may see and do; checked server-side on every route. */
    public enum Role {
        /** Everything a supervisor may, on every desk. */
        ADMIN,
        /** The wallboard and supervisor actions. */
        SUPERVISOR,
        /** The company portal, only the own company's data. */
        COMPANY,
        /** The agent desktop, only the own agent's calls. */
        AGENT;

        /** {@code supervisor} for {@link #SUPERVISOR}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The role of a key ({@code supervisor}), if any. */
        public static Optional<Role> ofKey(String key) {
            for (Role r : values()) {
                if (r.key().equals(key)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One login.
     *
     * @param login unique, what the user types
     * @param role what the user may do
     * @param passwordHash bcrypt hash ({@code $2a$}/{@code $2b$}/{@code $2y$}); never the password
     * @param companyId the company of a {@link Role#COMPANY} user, else null
     * @param agentId the agent (agents.yaml id) of an {@link Role#AGENT} user, else null
     * @param name shown on the pages (defaults to the login)
     * @param phone for an admin or supervisor, the agents.yaml id of the SIP phone they listen in on (listen, whisper,
     *     barge ring it); else null
     */
    public record User(String login, Role role, Secret passwordHash, String companyId, String agentId, String name, String phone) {
        /** Without a phone. */
        public User(String login, Role role, Secret passwordHash, String companyId, String agentId, String name) {
            this(login, role, passwordHash, companyId, agentId, name, null);
        }

        public User {
            Objects.requireNonNull(login, "login");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(passwordHash, "passwordHash");
            if (role == Role.COMPANY && companyId == null) {
                throw new IllegalArgumentException("company user " + login + " needs a company");
            }
            if (role == Role.AGENT && agentId == null) {
                throw new IllegalArgumentException("agent user " + login + " needs an agent");
            }
            name = name == null || name.isBlank() ? login : name;
        }

        @Override
        public String toString() {
            return "User[" + login + ", " + role.key() + (companyId == null ? "" : ", company=" + companyId)
                    + (agentId == null ? "" : ", agent=" + agentId) + "]";
        }
    }

    public WebConfig {
        users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
        if (idleMinutes < 1 || maxHours < 1) {
            throw new IllegalArgumentException("session times must be positive (idle-minutes=" + idleMinutes + ", max-hours="
                    + maxHours + ")");
        }
    }

    /** Convenience: users in order. */
    public List<User> userList() {
        return List.copyOf(users.values());
    }
}
