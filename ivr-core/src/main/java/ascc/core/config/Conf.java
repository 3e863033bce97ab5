package ascc.core.config;

import ascc.recordings.RecordingsConfig;
import ascc.routing.billing.BillingRules;
import ascc.routing.campaign.CampaignsConfig;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.StaffingConfig;
import ascc.routing.selfservice.SelfServiceConfig;
import ascc.routing.config.WebConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every file of a config directory, validated together into one immutable snapshot: what {@code ivr check-config} checks,
 * what the engine starts from, and what a reload swaps as a whole ({@link ConfigHolder}). A feature reads the
 * part it needs through a supplier, e.g. {@code holder.part(Conf::campaigns)}, once per unit of work.
 *
 * <p>The typed parts are routing's and recordings-config's (the domain, no I/O); the files are read and their YAML
 * parsed here in ivr-core, by the readers of {@link ascc.core.config.yaml}.
 *
 * @param center engine, companies, desks, agents, hours and holidays (the six required files)
 * @param agentStates agent-states.yaml, or its defaults when absent
 * @param overflow overflow.yaml, or no steps when absent
 * @param staffing staffing.yaml, or no schedules when absent
 * @param campaigns campaigns.yaml, or {@link CampaignsConfig#NONE} when absent
 * @param billing billing.yaml; empty when absent (the engine then schedules no billing close)
 * @param recordings recordings.yaml, or the built-in prompts and nothing recorded when absent
 * @param selfService self-service.yaml, or {@link SelfServiceConfig#NONE} (self-service off) when absent
 * @param web web.yaml (web logins), or {@link WebConfig#NONE} (nobody logs in) when absent
 */
public record Conf(CenterConfig center, AgentStatesConfig agentStates, OverflowConfig overflow, StaffingConfig staffing,
        CampaignsConfig campaigns, Optional<BillingRules> billing, RecordingsConfig recordings, SelfServiceConfig selfService,
        WebConfig web) {

    /** Every file a config directory may hold: the six required ones, then the optional ones. */
    public static final List<String> FILES = List.of("engine.yaml", "companies.yaml", "desks.yaml", "agents.yaml", "hours.yaml",
            "holidays.yaml", AgentStatesConfig.FILE, OverflowConfig.FILE, StaffingConfig.FILE, "recordings.yaml",
            "campaigns.yaml", "billing.yaml", SelfServiceConfig.FILE, WebConfig.FILE);

    /** Without web logins ({@link WebConfig#NONE}). */
    public Conf(CenterConfig center, AgentStatesConfig agentStates, OverflowConfig overflow, StaffingConfig staffing,
            CampaignsConfig campaigns, Optional<BillingRules> billing, RecordingsConfig recordings, SelfServiceConfig selfService) {
        this(center, agentStates, overflow, staffing, campaigns, billing, recordings, selfService, WebConfig.NONE);
    }

    public Conf {
        Objects.requireNonNull(center, "center");
        Objects.requireNonNull(agentStates, "agentStates");
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(staffing, "staffing");
        Objects.requireNonNull(campaigns, "campaigns");
        Objects.requireNonNull(billing, "billing");
        Objects.requireNonNull(recordings, "recordings");
        Objects.requireNonNull(selfService, "selfService");
        Objects.requireNonNull(web, "web");
    }

    /**
     * Loads every file of {@code dir}, {@code ${NAME}} references taken from {@code env} in every file.
     *
     * @throws ConfigException every problem of every file (file:line: key: message), sorted by file then line
     */
    public static Conf load(Path dir, Map<String, String> env) throws ConfigException {
        return ConfLoader.load(dir, env);
    }

    /** One line for admins, e.g. {@code 7 companies, 6 desks, 12 agents, 2 campaigns, overflow steps for desks [appliance]}. */
    public String summary() {
        return center.companies().size() + " companies, " + center.desks().size() + " desks, " + center.agents().size() + " agents, "
                + campaigns.campaigns().size() + " campaigns, overflow steps for desks " + overflow.steps().keySet() + ", "
                + staffing.schedules().size() + " staffing schedules, recordings for " + recordings.companies().size()
                + " companies, billing " + (billing.isPresent() ? "configured" : "not configured (no billing.yaml)")
                + ", self-service for " + selfService.enabledCount() + " companies";
    }
}
