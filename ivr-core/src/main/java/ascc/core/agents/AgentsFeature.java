package ascc.core.agents;

import ascc.agi.flows.AgentFeatureFlow;
import ascc.core.config.Conf;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.config.AgentStatesConfig;
import java.nio.file.Path;

/**
 * Agents and peak staffing: agent and queue states from AMI (agent-states.yaml), the agents' phone feature codes
 * ({@code agent-feature} FastAGI script), {@code GET /api/live}, and staffing.yaml's peak schedules (reloaded with the
 * center config).
 */
public final class AgentsFeature implements Feature {
    private final AgentStates states;
    /** The lease whose holder changes queue memberships by the peak schedules. */
    public static final String STAFFING_LEASE = "staffing";
    private final PeakStaffing staffing;

    public AgentsFeature(FeatureContext ctx) {
        AgentStatesConfig settings = ctx.config().snapshot().agentStates();
        // every box's link: each box's queues auto-logged in there, an agent's actions sent to its phone's box
        states = AgentStates.start(ctx.contribute().links(), ctx.config(), settings, ctx.dataSource(), ctx.clock(), ctx.nodeName(),
                Path.of(ctx.settings().spoolDir()), ctx.metrics());
        try {
            // peak staffing changes only on the node holding lease "staffing", after re-reading memberships (docs/scale-out.md)
            staffing = PeakStaffing.start(ctx.ami(), ctx.config(), ctx.config().part(Conf::staffing), states, ctx.clock(),
                    () -> ctx.leases().holds(STAFFING_LEASE));
            PeakStaffing started = staffing;
            ctx.leases().want(STAFFING_LEASE, fence -> started.requestResync());
            // its memberships are read from every box: any box's reconnect has them re-read
            ctx.contribute().otherBoxes().forEach(box -> box.onResync("peak-staffing", started::requestResync));
        } catch (RuntimeException e) {
            states.close();
            throw e;
        }
        ctx.contribute().script(AgiScripts.AGENT_FEATURE, new AgentFeatureFlow(states, states::settings));
        ctx.contribute().routes(http -> http.route("GET", "/api/live", req -> states.live()));
    }

    /** Who is logged in, paused, on a call; who waits in which queue. */
    public AgentStateTracker tracker() {
        return states.tracker();
    }

    /** Log in, log out, pause and unpause agents as their feature codes do (blocking on AMI: call from a virtual thread). */
    public ascc.agi.flows.AgentControl control() {
        return states;
    }

    @Override
    public void close() {
        staffing.close();
        states.close();
    }
}
