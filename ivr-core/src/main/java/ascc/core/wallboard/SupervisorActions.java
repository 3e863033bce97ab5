package ascc.core.wallboard;

import ascc.agi.flows.AgentControl;
import ascc.core.agents.AgentStateTracker;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiMessage;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.http.Json;
import ascc.core.overflow.WaitingMoves;
import ascc.core.tracking.TrackedCall;
import ascc.core.web.Principal;
import ascc.core.web.WebAudit;
import ascc.core.web.WebAuth;
import ascc.core.web.WebSession;
import ascc.routing.asterisk.Channels;
import ascc.routing.asterisk.Spy;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.Desk;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
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
 * phone, web.yaml {@code phone:}, is originated into {@code ChanSpy}); move a waiting caller to another desk or take
 * their callback keeping their place (overflow's {@link WaitingMoves}). Each request is checked here (known agent, known
 * pause reason, the agent on a call for the spy modes, a phone for the supervisor; a caller waiting now, a known desk
 * that serves the caller's company, see {@link #allowedFor}) and written to {@code web_audit} BEFORE it is carried out:
 * when the row cannot be written the action is refused (503). The result is a second row.
 * Runs on the request's virtual thread (AMI answers are awaited there, at most {@link #AMI_WAIT}).
 */
final class SupervisorActions {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorActions.class);
    static final Duration AMI_WAIT = Duration.ofSeconds(5);

    private final Supplier<CenterConfig> center;
    private final Supplier<AgentStatesConfig> states;
    private final AgentControl control;
    private final AgentStateTracker tracker;
    /** Agent -> the link of the box its phone is registered on (where its calls are, so where ChanSpy runs). */
    private final Function<String, Function<AmiAction, CompletableFuture<AmiMessage>>> ami;
    private final WebAudit audit;
    private final Supplier<List<TrackedCall>> open;
    private final Moves moves;

    /** What is done on a waiting caller (overflow's {@link WaitingMoves} in the engine; may throw {@link WaitingMoves.Refused}). */
    interface Moves {
        CompletableFuture<Void> move(String uniqueId, Desk target, String dialed, String by);

        CompletableFuture<Void> callback(String uniqueId, String by);
    }

    SupervisorActions(Supplier<CenterConfig> center, Supplier<AgentStatesConfig> states, AgentControl control,
                      AgentStateTracker tracker, Function<AmiAction, CompletableFuture<AmiMessage>> ami, WebAudit audit,
                      Supplier<List<TrackedCall>> open, Moves moves) {
        this(center, states, control, tracker, audit, open, moves, agent -> ami);
    }

    /**
     * With several Asterisk boxes: {@code amiOfAgent} gives the link of the box an agent's phone is registered on (a
     * listen/whisper/barge is originated there, so the supervisor's phone must be registered on that box too).
     */
    SupervisorActions(Supplier<CenterConfig> center, Supplier<AgentStatesConfig> states, AgentControl control,
                      AgentStateTracker tracker, WebAudit audit, Supplier<List<TrackedCall>> open, Moves moves,
                      Function<String, Function<AmiAction, CompletableFuture<AmiMessage>>> amiOfAgent) {
        this.center = Objects.requireNonNull(center, "center");
        this.states = Objects.requireNonNull(states, "states");
        this.control = Objects.requireNonNull(control, "control");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.ami = Objects.requireNonNull(amiOfAgent, "amiOfAgent");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.open = Objects.requireNonNull(open, "open");
        this.moves = Objects.requireNonNull(moves, "moves");
    }

    HttpResponseSpec handle(HttpRequestInfo req, WebSession session) {
        Map<String, String> f = WebAuth.form(req);
        String action = f.getOrDefault("action", "");
        String agent = f.getOrDefault("agent", "");
        Principal me = session.principal();
        if (action.equals("move") || action.equals("callback")) {
            return onCaller(action, f, me);
        }
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
                return answer(400, "unknown action '" + action + "' (pause, unpause, logout, listen, whisper, barge, move,"
                        + " callback)");
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

    /** {@code move} (fields {@code caller}, {@code desk}) or {@code callback} (field {@code caller}) on a waiting caller. */
    private HttpResponseSpec onCaller(String action, Map<String, String> f, Principal me) {
        String id = f.getOrDefault("caller", "");
        TrackedCall call = open.get().stream().filter(t -> id.equals(t.uniqueId()) && t.endedAt() == null && t.answeredAt() == null
                && t.queuedAt() != null).findFirst().orElse(null);
        if (call == null) {
            return answer(409, "caller '" + id + "' is not waiting in a queue");
        }
        Desk desk = null;
        String detail = "company " + call.companyId() + ", " + call.queueName();
        if (action.equals("move")) {
            CenterConfig c = center.get();
            desk = c.desks().get(f.getOrDefault("desk", ""));
            if (desk == null) {
                return answer(400, "unknown desk '" + f.get("desk") + "' (desks.yaml: " + c.desks().keySet() + ")");
            }
            if (!allowedFor(c, call.companyId(), desk)) {
                return answer(400, "desk " + desk.id() + " serves none of company " + call.companyId() + "'s categories");
            }
            detail = detail + " -> desk " + desk.id();
        }
        String target = "caller " + id;
        try {
            audit.record(me, me.login(), action, target, "requested", detail);
        } catch (SQLException e) {
            LOG.error("supervisor action {} on caller {} by {} refused: the audit row could not be written", action, id, me.login(), e);
            return answer(503, "refused: the audit row could not be written (database); nothing was done");
        }
        String result;
        int status = 200;
        try {
            CompletableFuture<Void> done = desk != null ? moves.move(id, desk, call.dialedNumber(), me.login())
                    : moves.callback(id, me.login());
            result = "OK";
            try {
                done.get(AMI_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // a booked callback stays booked (journaled); a move that Asterisk refused left the caller where they were
                result = desk != null ? "FAILED: " + e.getCause() : "BOOKED (the caller was not told: " + e.getCause() + ")";
                status = desk != null ? 409 : 200;
            }
        } catch (WaitingMoves.Refused e) {
            result = "REFUSED: " + e.getMessage();
            status = 409;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = "FAILED: interrupted";
            status = 409;
        }
        try {
            audit.record(me, me.login(), action, target, status == 200 ? "ok" : "failed", result);
        } catch (SQLException e) {
            LOG.warn("supervisor action {} on caller {} by {}: {}; its result row was not written", action, id, me.login(), result, e);
        }
        LOG.info("supervisor action by {}: {} caller {} -> {}", me.login(), action, id, result);
        return answer(status, result);
    }

    /**
     * A caller of {@code companyId} may be moved to {@code desk} when the desk serves one of the company's enrolled
     * categories, or is the general desk (engine.yaml {@code general-desk}, where callers of no known company wait too).
     */
    static boolean allowedFor(CenterConfig c, String companyId, Desk desk) {
        Desk general = c.generalDesk();
        if (general != null && general.id().equals(desk.id())) {
            return true;
        }
        Company co = companyId == null ? null : c.companies().get(companyId);
        return co != null && co.categories().stream().anyMatch(desk.categories()::contains);
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
            ami.apply(agent).apply(originate).get(AMI_WAIT.toMillis(), TimeUnit.MILLISECONDS);
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
