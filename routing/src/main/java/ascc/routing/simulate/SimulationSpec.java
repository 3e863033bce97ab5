package ascc.routing.simulate;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.StaffingConfig;
import ascc.routing.selfservice.SelfServiceConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One simulation run.
 *
 * @param center companies, desks, agents, hours and holidays (the conf/ under test)
 * @param overflow its overflow steps
 * @param staffing its peak staffing schedules
 * @param start the first simulated day (local midnight in the center's time zone)
 * @param days how many days
 * @param seed random seed: the same seed and inputs give the same result
 * @param slSeconds service-level target T
 * @param profile generated traffic (ignored when {@code arrivals} is present, except its pauses)
 * @param arrivals a fixed arrival list instead of generated traffic
 * @param agents who works
 * @param selfService the conf/'s self-service.yaml: which companies offer self-service (the profile says how callers use it)
 */
public record SimulationSpec(CenterConfig center, OverflowConfig overflow, StaffingConfig staffing, LocalDate start, int days,
        long seed, int slSeconds, TrafficProfile profile, Optional<List<Arrival>> arrivals, AgentPlan agents,
        SelfServiceConfig selfService) {
    public SimulationSpec {
        Objects.requireNonNull(center, "center");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(staffing, "staffing");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(selfService, "selfService");
        arrivals = arrivals.map(List::copyOf);
        if (days < 1 || days > 3660) {
            throw new IllegalArgumentException("days must be 1..3660, got " + days);
        }
        if (slSeconds < 0) {
            throw new IllegalArgumentException("service-level target must be >= 0 s, got " + slSeconds);
        }
    }

    /** Without self-service. */
    public SimulationSpec(CenterConfig center, OverflowConfig overflow, StaffingConfig staffing, LocalDate start, int days, long seed,
            int slSeconds, TrafficProfile profile, Optional<List<Arrival>> arrivals, AgentPlan agents) {
        this(center, overflow, staffing, start, days, seed, slSeconds, profile, arrivals, agents, SelfServiceConfig.NONE);
    }

    /** Generated traffic of {@code profile}, agents as configured. */
    public static SimulationSpec of(CenterConfig center, OverflowConfig overflow, StaffingConfig staffing, LocalDate start, int days,
            long seed, int slSeconds, TrafficProfile profile) {
        return new SimulationSpec(center, overflow, staffing, start, days, seed, slSeconds, profile, Optional.empty(),
                new AgentPlan.AsConfigured());
    }

    /** The same run with other agents. */
    public SimulationSpec withAgents(AgentPlan plan) {
        return new SimulationSpec(center, overflow, staffing, start, days, seed, slSeconds, profile, arrivals, plan, selfService);
    }

    /** The same traffic (same seed) against another configuration: what {@code --compare} runs. */
    public SimulationSpec withConfig(CenterConfig otherCenter, OverflowConfig otherOverflow, StaffingConfig otherStaffing) {
        return new SimulationSpec(otherCenter, otherOverflow, otherStaffing, start, days, seed, slSeconds, profile, arrivals, agents,
                selfService);
    }

    /** A fixed arrival list instead of generated traffic. */
    public SimulationSpec withArrivals(List<Arrival> list) {
        return new SimulationSpec(center, overflow, staffing, start, days, seed, slSeconds, profile, Optional.of(list), agents,
                selfService);
    }

    /** The same run with another self-service.yaml (e.g. the --compare conf/'s). */
    public SimulationSpec withSelfService(SelfServiceConfig other) {
        return new SimulationSpec(center, overflow, staffing, start, days, seed, slSeconds, profile, arrivals, agents, other);
    }
}
