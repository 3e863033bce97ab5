package ascc.core.agents;

import ascc.agi.flows.AgentFeatureFlow;
import ascc.core.ConfigHolder;
import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.StaffingConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Agents and peak staffing: agent and queue states from AMI (agent-states.yaml), the agents' phone feature codes
 * ({@code agent-feature} FastAGI script), {@code GET /api/live}, and staffing.yaml's peak schedules (reloaded with the
 * center config).
 */
public final class AgentsFeature implements Feature {
    /** staffing.yaml: swapped with the center config on reload. */
    private volatile StaffingConfig staffingConfig;
    private final AgentStates states;
    private final PeakStaffing staffing;
    private final Runnable removePart;

    public AgentsFeature(FeatureContext ctx) throws ConfigException {
        AgentStatesConfig settings = AgentStatesConfig.load(ctx.confDir(), ctx.env());
        staffingConfig = StaffingConfig.load(ctx.confDir(), ctx.env(), ctx.center());
        states = AgentStates.start(ctx.ami(), ctx.config(), settings, ctx.dataSource(), ctx.clock(), ctx.nodeName());
        try {
            staffing = PeakStaffing.start(ctx.ami(), ctx.config(), () -> staffingConfig, states, ctx.clock());
        } catch (RuntimeException e) {
            states.close();
            throw e;
        }
        removePart = ctx.config().addPart(staffingPart(ctx.confDir(), ctx.env(), st -> staffingConfig = st));
        ctx.contribute().script(AsteriskConfigRenderer.AGENT_FEATURE_SCRIPT, new AgentFeatureFlow(states, states::settings));
        ctx.contribute().routes(http -> http.route("GET", "/api/live", req -> states.live()));
    }

    /** staffing.yaml of {@code dir}, validated against each reloaded center config and handed to {@code swap} with it. */
    public static ConfigHolder.Part staffingPart(Path dir, Map<String, String> env, Consumer<StaffingConfig> swap) {
        return next -> {
            StaffingConfig st = StaffingConfig.load(dir, env, next);
            return () -> swap.accept(st);
        };
    }

    /** Who is logged in, paused, on a call; who waits in which queue. */
    public AgentStateTracker tracker() {
        return states.tracker();
    }

    @Override
    public void close() {
        removePart.run();
        staffing.close();
        states.close();
    }
}
