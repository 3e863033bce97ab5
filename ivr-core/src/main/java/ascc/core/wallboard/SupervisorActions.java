package ascc.core.wallboard;

import ascc.agi.flows.AgentControl;
import ascc.core.agents.AgentStateTracker;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiMessage;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.http.Json;
import ascc.core.web.Principal;
import ascc.core.web.WebAudit;
import ascc.core.web.WebAuth;
import ascc.core.web.WebSession;
import ascc.routing.asterisk.Channels;
import ascc.routing.asterisk.Spy;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /wallboard/action} (admins and supervisors, CSRF-checked by {@link WebAuth#action}): pause, unpause or log
 * out an agent (as the agent's feature codes do), or listen, whisper or barge into an agent's call (the supervisor's own
 * phone, web.yaml {@code phone:}, is originated into {@code ChanSpy}). Each request is checked here (known agent, known
 * pause reason, the agent on a call for the spy modes, a phone for the supervisor) and written to {@code web_audit}
 * BEFORE it is carried out: when the row cannot be written the action is refused (503). The result is a second row.
 * Runs on the request's virtual thread (AMI answers are awaited there, at most {@link #AMI_WAIT}).
 */
final class SupervisorActions {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorActions.class);
    static final Duration AMI_WAIT = Duration.ofSeconds(5);

    private final Supplier<CenterConfig> center;
    private final Supplier<AgentStatesConfig> states;
    private final AgentControl control;
    private final AgentStateTracker tracker;
    private final Function<AmiAction, CompletableFuture<AmiMessage>> ami;
    private final WebAudit audit;

    SupervisorActions(Supplier<CenterConfig> center, Supplier<AgentStatesConfig> states, AgentControl control,
                      AgentStateTracker tracker, Function<AmiAction, CompletableFuture<AmiMessage>> ami, WebAudit audit) {
        this.center = Objects.requireNonNull(center, "center");
        this.states = Objects.requireNonNull(states, "states");
        this.control = Objects.requireNonNull(control, "control");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.ami = Objects.requireNonNull(ami, "ami");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    HttpResponseSpec handle(HttpRequestInfo req, WebSession session) {
        Map<String, String> f = WebAuth.form(req);
        String action = f.getOrDefault("action", "");
        String agent = f.getOrDefault("agent", "");
        Principal me = session.principal();
        if (!center.get().agents().containsKey(agent)) {
            return answer(400, "unknown agent '" + agent + "'");
        }
        String detail;
        switch (action) {
            case "pause" -> {
                Integer code = parse(f.get("reason"));
                String reason = code == null ? null : states.get().reasons().get(code);
                if (reason == null) {
                    return answer(400, "unknown pause reason '" + f.get("reason") + "' (agent-states.yaml codes: "
                            + states.get().reasons().keySet() + ")");
                }
                detail = "reason " + code + " " + reason;
            }
            case "unpause", "logout" -> detail = "";
            case "listen", "whisper", "barge" -> {
                if (me.phone() == null) {
                    return answer(409, "your login has no phone in web.yaml (phone:) to listen in on");
                }
                if (!tracker.isOnCall(agent)) {
                    return answer(409, "agent " + agent + " is not on a call");
                }
                detail = "phone " + me.phone();
            }
            default -> {
                return answer(400, "unknown action '" + action + "' (pause, unpause, logout, listen, whisper, barge)");
            }
        }
        try {
            audit.record(me, me.login(), action, "agent " + agent, "requested", detail);
        } catch (SQLException e) {
            LOG.error("supervisor action {} on agent {} by {} refused: the audit row could not be written", action, agent, me.login(), e);
            return answer(503, "refused: the audit row could not be written (database); nothing was done");
        }
        String result = run(action, agent, me, f);
        boolean ok = result.equals("OK") || result.equals("ALREADY");
        try {
            audit.record(me, me.login(), action, "agent " + agent, ok ? "ok" : "failed", result);
        } catch (SQLException e) {
            LOG.warn("supervisor action {} on agent {} by {}: {}; its result row was not written", action, agent, me.login(), result, e);
        }
        LOG.info("supervisor action by {}: {} agent {} -> {}", me.login(), action, agent, result);
        return answer(ok ? 200 : 409, result);
    }

    private String run(String action, String agent, Principal me, Map<String, String> f) {
        return switch (action) {
            case "pause" -> {
                int code = Integer.parseInt(f.get("reason"));
                yield control.pause(agent, code, states.get().reasons().get(code)).name();
            }
            case "unpause" -> control.unpause(agent).name();
            case "logout" -> control.logout(agent).name();
            default -> spy(agent, me.phone(), Spy.Mode.ofKey(action).orElseThrow());
        };
    }

    /** Rings the supervisor's phone; once answered it joins the agent's call in {@code mode}. */
    private String spy(String agent, String phone, Spy.Mode mode) {
        AmiAction originate = AmiAction.of("Originate").with("Channel", Channels.pjsip(phone)).with("Application", Spy.APPLICATION)
                .with("Data", Spy.data(agent, mode)).with("CallerID", "\"" + mode.key() + " " + agent + "\" <" + agent + ">")
                .with("Timeout", 30_000).with("Async", "true");
        try {
            ami.apply(originate).get(AMI_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return "OK";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "FAILED";
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("{} of agent {} from phone {}: Originate failed: {}", mode.key(), agent, phone, e.toString());
            return "FAILED";
        }
    }

    private static Integer parse(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static HttpResponseSpec answer(int status, String result) {
        StringBuilder sb = new StringBuilder("{\"ok\":").append(status == 200).append(",\"result\":");
        return HttpResponseSpec.json(status, Json.string(sb, result).append('}').toString());
    }
}
