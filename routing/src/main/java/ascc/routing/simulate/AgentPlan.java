package ascc.routing.simulate;

import java.util.Map;
import java.util.Objects;

/**
 * Which agents work in a simulation.
 */
public sealed interface AgentPlan permits AgentPlan.AsConfigured, AgentPlan.PerDeskHour {
    /** The agents of agents.yaml, all logged in for the whole run (agent-states.yaml auto-login), plus staffing.yaml. */
    record AsConfigured() implements AgentPlan {
    }

    /**
     * Capacity planning: for each desk, how many agents (proficiency 5, that desk only) are on duty in each hour of the week
     * ({@link TrafficProfile#WEEK_HOURS} values); agents.yaml and staffing.yaml are not used. An agent whose hour ends
     * finishes the call in progress first.
     */
    record PerDeskHour(Map<String, int[]> agentsByDesk) implements AgentPlan {
        public PerDeskHour {
            agentsByDesk = Map.copyOf(agentsByDesk);
            agentsByDesk.forEach((desk, n) -> {
                if (n.length != TrafficProfile.WEEK_HOURS) {
                    throw new IllegalArgumentException("desk " + desk + ": agents per hour needs 168 values, got " + n.length);
                }
            });
            Objects.requireNonNull(agentsByDesk, "agentsByDesk");
        }
    }
}
