package ascc.core.it;

import ascc.agi.flows.AgentControl;
import ascc.core.Engine;
import ascc.core.agents.AgentState;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiClient;
import ascc.core.ami.AmiSettings;
import ascc.core.metrics.Metrics;
import ascc.routing.config.EngineSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running engine as an operator and Asterisk see it, for the ITs: {@code /health} and {@code /api/live} over HTTP, and
 * a second AMI session to the sandbox Asterisk (its events; QueuePause as an agent's phone or supervisor would send).
 * Every query reads the engine afresh, so it can sit inside an {@code awaitTrue} condition.
 */
final class EngineView implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern DESK = Pattern.compile("\\{\"desk\":\"([^\"]*)\",\"queue\":\"([^\"]*)\",\"waiting\":(\\d+)"
            + ".*?\"agents\":\\{(.*?)\\},\"pauseReasons\":\\{(.*?)\\},\"serviceLevel\"");
    private static final Pattern LIST = Pattern.compile("\"([A-Z_]+)\":\\[([^\\]]*)\\]");
    private static final Pattern PAIR = Pattern.compile("\"([^\"]*)\":\"([^\"]*)\"");

    /** One desk of {@code /api/live}. */
    record Desk(String desk, String queue, int waiting, Map<AgentState, Set<String>> agents, Map<String, String> pauseReasons) {
        AgentState stateOf(String agent) {
            for (Map.Entry<AgentState, Set<String>> e : agents.entrySet()) {
                if (e.getValue().contains(agent)) {
                    return e.getKey();
                }
            }
            return AgentState.LOGGED_OUT;
        }
    }

    private final Engine engine;
    private final String token;
    private AmiClient ami;

    private EngineView(Engine engine, String token) {
        this.engine = engine;
        this.token = token;
    }

    static EngineView of(Engine engine) throws Exception {
        return new EngineView(engine, RealStack.config().engine().adminToken().reveal());
    }

    /** Waits until the engine says on {@code /metrics} that its AMI session is logged in. */
    EngineView awaitAmiConnected() throws Exception {
        FoundationIT.awaitTrue("engine's AMI logged in (ascc_ami_connected 1 on /metrics)", this::amiConnected);
        return this;
    }

    /**
     * Whether the engine's AMI session is logged in now: the live gauge {@code ascc_ami_connected}, the same state
     * {@code /health} shows as {@code "ami":"UP"}, but {@code /health} answers from a cache refreshed every 5 s (its first
     * look, at the engine's start, usually comes before the login, and a test waiting on it waited those 5 s).
     */
    boolean amiConnected() {
        return amiGauge() == 1.0;
    }

    /** Whether the engine says its AMI session is not logged in ({@code ascc_ami_connected} 0; no answer is not "down"). */
    boolean amiDown() {
        return amiGauge() == 0.0;
    }

    private double amiGauge() {
        try {
            java.net.http.HttpResponse<String> r = RealStack.get(engine.httpPort(), "/metrics", token);
            return r.statusCode() == 200 ? Fault.metric(r.body(), "ascc_ami_connected") : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** This view's own AMI session to the sandbox Asterisk, connected (same user as the engine's, straight to Asterisk). */
    synchronized AmiClient ami() throws Exception {
        if (ami == null) {
            EngineSettings s = RealStack.config().engine();
            ami = new AmiClient(AmiSettings.defaults(s.amiHost(), RealStack.ASTERISK_AMI_PORT, s.amiUser(), s.amiSecret()),
                    Clock.systemUTC(), new Metrics());
            ami.start();
            ami.awaitConnected(WAIT);
        }
        return ami;
    }

    /** An admin GET (with the admin token): the body, or an exception for any status but 200. */
    String get(String path) {
        try {
            java.net.http.HttpResponse<String> r = RealStack.get(engine.httpPort(), path, token);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + path, e);
        }
    }

    /** {@code GET /api/live}, parsed. */
    List<Desk> live() {
        String body = get("/api/live");
        List<Desk> desks = new ArrayList<>();
        Matcher m = DESK.matcher(body);
        while (m.find()) {
            Map<AgentState, Set<String>> agents = new EnumMap<>(AgentState.class);
            Matcher l = LIST.matcher(m.group(4));
            while (l.find()) {
                Set<String> ids = new TreeSet<>();
                for (String id : l.group(2).split(",")) {
                    if (!id.isBlank()) {
                        ids.add(id.replace("\"", "").trim());
                    }
                }
                agents.put(AgentState.valueOf(l.group(1)), ids);
            }
            Map<String, String> reasons = new TreeMap<>();
            Matcher p = PAIR.matcher(m.group(5));
            while (p.find()) {
                reasons.put(p.group(1), p.group(2));
            }
            desks.add(new Desk(m.group(1), m.group(2), Integer.parseInt(m.group(3)), agents, reasons));
        }
        return desks;
    }

    /** The agent's state over its desks as the engine's tracker sums it up (wrap-up counts as available). */
    AgentState state(String agent) {
        Set<AgentState> seen = new TreeSet<>();
        for (Desk d : live()) {
            seen.add(d.stateOf(agent));
        }
        for (AgentState s : List.of(AgentState.ON_CALL, AgentState.PAUSED, AgentState.AVAILABLE)) {
            if (seen.contains(s)) {
                return s;
            }
        }
        return seen.contains(AgentState.WRAP_UP) ? AgentState.AVAILABLE : AgentState.LOGGED_OUT;
    }

    /** The pause reason, or null. */
    String reason(String agent) {
        for (Desk d : live()) {
            if (d.pauseReasons().containsKey(agent)) {
                return d.pauseReasons().get(agent);
            }
        }
        return null;
    }

    /** A member of some desk queue. */
    boolean isLoggedIn(String agent) {
        return live().stream().anyMatch(d -> d.stateOf(agent) != AgentState.LOGGED_OUT);
    }

    /** Agents in desk queue {@code queue}. */
    Set<String> membersOf(String queue) {
        Set<String> out = new TreeSet<>();
        for (Desk d : live()) {
            if (d.queue().equals(queue)) {
                d.agents().forEach((s, ids) -> {
                    if (s != AgentState.LOGGED_OUT) {
                        out.addAll(ids);
                    }
                });
            }
        }
        return out;
    }

    /** One entry per caller waiting in desk queue {@code queue}. */
    List<Integer> waitingIn(String queue) {
        int n = live().stream().filter(d -> d.queue().equals(queue)).mapToInt(Desk::waiting).sum();
        return Collections.nCopies(n, 1);
    }

    /** Whether {@code /api/live} shows {@code agent} in {@code state} at desk {@code desk}. */
    boolean inState(String desk, AgentState state, String agent) {
        return live().stream().filter(d -> d.desk().equals(desk)).anyMatch(d -> d.stateOf(agent) == state);
    }

    /**
     * Pauses the agent in every queue (QueuePause over AMI, as the engine does for its agent feature codes) and waits until
     * the engine shows it; NOT_LOGGED_IN when the agent is in no desk queue.
     */
    AgentControl.Result pause(String agent, int reasonCode, String reason) throws Exception {
        return setPaused(agent, true, reason);
    }

    AgentControl.Result unpause(String agent) throws Exception {
        return setPaused(agent, false, null);
    }

    private AgentControl.Result setPaused(String agent, boolean paused, String reason) throws Exception {
        if (!isLoggedIn(agent)) {
            return AgentControl.Result.NOT_LOGGED_IN;
        }
        AmiAction a = AmiAction.of("QueuePause").with("Interface", "PJSIP/" + agent).with("Paused", Boolean.toString(paused));
        if (reason != null) {
            a = a.with("Reason", reason);
        }
        try {
            ami().send(a).get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return AgentControl.Result.FAILED;
        }
        Instant until = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(until)) {
            if ((state(agent) == AgentState.PAUSED) == paused) {
                return AgentControl.Result.OK;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the engine never showed " + agent + (paused ? " paused" : " unpaused"));
    }

    /** What {@code POST /api/config/reload} answered: applied (200) or refused (422), with the summary or the problems. */
    record Reload(boolean applied, String text) {
    }

    /** Asks the engine to reload its config over HTTP, as {@code ivr reload} does. */
    Reload reload() throws Exception {
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + engine.httpPort()
                + "/api/config/reload")).header("Authorization", "Bearer " + token).timeout(WAIT)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(req,
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 422) {
            throw new AssertionError("reload answered HTTP " + r.statusCode() + ": " + r.body());
        }
        return new Reload(r.statusCode() == 200, r.body());
    }

    @Override
    public synchronized void close() {
        if (ami != null) {
            ami.close();
        }
    }
}
