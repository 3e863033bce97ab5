package ascc.core.web;

import ascc.routing.config.WebConfig;
import ascc.routing.config.WebConfig.Role;
import java.util.Objects;

/**
 * Who a session belongs to, as web.yaml said at the login.
 *
 * @param login the login
 * @param role what the user may do
 * @param name shown on the pages
 * @param companyId the company of a {@link Role#COMPANY} user, else null: a company page must use only this id, never
 *     one from the request
 * @param agentId the agent of an {@link Role#AGENT} user, else null
 * @param phone the agents.yaml id of a supervisor's own SIP phone (listen, whisper, barge), else null
 */
public record Principal(String login, Role role, String name, String companyId, String agentId, String phone) {
    public Principal {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(role, "role");
    }

    /** Without a phone (the form of the first foundation commit). */
    public Principal(String login, Role role, String name, String companyId, String agentId) {
        this(login, role, name, companyId, agentId, null);
    }

    static Principal of(WebConfig.User u) {
        return new Principal(u.login(), u.role(), u.name(), u.companyId(), u.agentId(), u.phone());
    }

    /** Whether web.yaml's {@code u} still grants exactly this (same role, company, agent). */
    boolean sameAs(WebConfig.User u) {
        return u != null && u.role() == role && Objects.equals(u.companyId(), companyId) && Objects.equals(u.agentId(), agentId)
                && Objects.equals(u.phone(), phone);
    }
}
