package ascc.core.desktop;

import ascc.agi.flows.AgentControl;
import ascc.core.agents.AgentStateTracker;
import ascc.core.http.EventSink;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.http.Json;
import ascc.core.web.Html;
import ascc.core.web.WebAuth;
import ascc.core.web.WebSession;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent desktop's pages ({@code /agent...}, agent logins only; routes added by {@link DesktopFeature}). The agent is
 * always the session principal's. The screen pop reaches the page as a server-sent event ({@code pop}) on
 * {@code /agent/events} the moment {@link AgentDesktop} publishes it; the page's script ({@code /web/agent.js}) draws it.
 */
public final class DesktopPages {
    private final AgentDesktop desktop;
    private final AgentStateTracker states;
    /** Open event streams per agent. */
    private final Map<String, Set<EventSink>> sinks = new ConcurrentHashMap<>();

    public DesktopPages(AgentDesktop desktop, AgentStateTracker states) {
        this.desktop = Objects.requireNonNull(desktop, "desktop");
        this.states = Objects.requireNonNull(states, "states");
        desktop.onPop(this::push);
    }

    static String agent(WebSession session) {
        String agent = session.principal().agentId();
        if (agent == null) {
            throw new IllegalStateException("an agent page was served to login " + session.principal().login() + " without an agent");
        }
        return agent;
    }

    private void push(ScreenPop pop) {
        Set<EventSink> open = sinks.get(pop.agentId());
        if (open != null) {
            String json = pop.toJson();
            open.removeIf(s -> !s.send("pop", json));
        }
    }

    /** {@code GET /agent}: the desktop. */
    public HttpResponseSpec page(HttpRequestInfo req, WebSession session) {
        String agent = agent(session);
        StringBuilder b = new StringBuilder(4096);
        b.append("<link rel=\"stylesheet\" href=\"/web/agent.css\">");
        b.append("<section class=\"agent-state\" id=\"agent-state\" data-agent=\"").append(Html.esc(agent)).append("\"><h2>Agent ")
                .append(Html.esc(agent)).append(": <span id=\"state\">").append(Html.esc(stateText(agent))).append("</span></h2>")
                .append("<button type=\"button\" id=\"btn-available\" data-state=\"available\">Available</button> ")
                .append("<select id=\"pause-reason\">");
        desktop.pauseReasons().forEach((code, name) -> b.append("<option value=\"").append(code).append("\">").append(Html.esc(name))
                .append("</option>"));
        b.append("</select> <button type=\"button\" id=\"btn-pause\" data-state=\"pause\">Pause</button> ")
                .append("<button type=\"button\" id=\"btn-logout\" data-state=\"logout\">Log out of the queues</button>")
                .append(" <span id=\"state-result\" class=\"muted\"></span></section>");
        b.append("<section id=\"pop\" class=\"pop idle\"><p id=\"pop-idle\" class=\"muted\">No call. The caller's details appear here")
                .append(" when your phone rings.</p></section>");
        return HttpResponseSpec.html(200, Html.page("Agent desktop", session, b.toString(), List.of("/web/agent.js")));
    }

    private String stateText(String agent) {
        String reason = states.pauseReason(agent);
        return states.state(agent).name() + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
    }

    /** {@code GET /agent/events}: this agent's pops as server-sent events; the current pop at once. */
    public HttpResponseSpec events(HttpRequestInfo req, WebSession session) {
        String agent = agent(session);
        return HttpResponseSpec.events(sink -> {
            sinks.computeIfAbsent(agent, a -> ConcurrentHashMap.newKeySet()).add(sink);
            sink.onClose(() -> {
                Set<EventSink> s = sinks.get(agent);
                if (s != null) {
                    s.remove(sink);
                }
            });
            desktop.current(agent).ifPresent(p -> sink.send("pop", p.toJson()));
            sink.send("state", stateJson(agent, ""));
        });
    }

    /** {@code GET /agent/pop.json}: the agent's newest pop, or {@code {}}. */
    public HttpResponseSpec popJson(HttpRequestInfo req, WebSession session) {
        return HttpResponseSpec.json(200, desktop.current(agent(session)).map(ScreenPop::toJson).orElse("{}"));
    }

    /** {@code POST /agent/state} ({@code state=available|pause|logout}, {@code reason=<code>}): as the feature codes. */
    public HttpResponseSpec state(HttpRequestInfo req, WebSession session) {
        String agent = agent(session);
        Map<String, String> f = WebAuth.form(req);
        String asked = f.getOrDefault("state", "");
        Optional<AgentControl.Result> r;
        switch (asked) {
            case "available" -> r = Optional.of(desktop.available(agent));
            case "logout" -> r = Optional.of(desktop.logout(agent));
            case "pause" -> {
                String code = f.getOrDefault("reason", "");
                if (!code.matches("\\d{1,2}")) {
                    return HttpResponseSpec.json(400, "{\"error\":\"reason must be a pause reason code\"}");
                }
                r = desktop.pause(agent, Integer.parseInt(code));
                if (r.isEmpty()) {
                    return HttpResponseSpec.json(400, "{\"error\":\"unknown pause reason " + code + "\"}");
                }
            }
            default -> {
                return HttpResponseSpec.json(400, "{\"error\":\"state must be available, pause or logout\"}");
            }
        }
        AgentControl.Result result = r.get();
        int status = switch (result) {
            case OK, ALREADY -> 200;
            case ON_CALL, NOT_LOGGED_IN -> 409;
            case NOT_AN_AGENT -> 403;
            case FAILED -> 502;
        };
        return HttpResponseSpec.json(status, stateJson(agent, result.name()));
    }

    private String stateJson(String agent, String result) {
        StringBuilder sb = new StringBuilder("{\"agent\":");
        Json.string(sb, agent).append(",\"state\":");
        Json.string(sb, stateText(agent)).append(",\"result\":");
        return Json.string(sb, result).append('}').toString();
    }

    /** {@code POST /agent/disposition} ({@code call}, {@code code}, {@code note}): stored on the call. */
    public HttpResponseSpec disposition(HttpRequestInfo req, WebSession session) {
        String agent = agent(session);
        Map<String, String> f = WebAuth.form(req);
        AgentDesktop.SaveResult r = desktop.saveDisposition(agent, f.getOrDefault("call", ""), f.getOrDefault("code", ""),
                f.getOrDefault("note", ""));
        int status = switch (r) {
            case SAVED -> 200;
            case NOT_YOUR_CALL -> 404;
            case UNKNOWN_CODE, NOTE_TOO_LONG -> 400;
            case NOT_JOURNALED -> 503;
        };
        return HttpResponseSpec.json(status, "{\"result\":\"" + r.name() + "\"}");
    }
}
