package ascc.core.config;

import ascc.core.config.yaml.SelfServiceYaml;
import ascc.core.config.yaml.StaffingYaml;
import ascc.routing.selfservice.SelfServiceConfig;
import ascc.core.config.yaml.WebYaml;

import ascc.core.config.yaml.OverflowYaml;

import ascc.core.config.yaml.AgentStatesYaml;

import ascc.recordings.RecordingsConfig;
import ascc.core.config.yaml.RecordingsLoader;
import ascc.core.config.yaml.BillingConfigLoader;
import ascc.routing.billing.BillingRules;
import ascc.routing.campaign.CampaignsConfig;
import ascc.core.config.yaml.CampaignsLoader;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.Problem;
import ascc.routing.config.StaffingConfig;
import ascc.routing.config.WebConfig;
import ascc.core.config.yaml.YamlDoc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a whole config directory into a {@link Conf}: every file through its own reader, all with the same environment,
 * every problem of every file collected before anything is returned.
 *
 * <p>overflow, staffing, campaigns, recordings and self-service refer to companies, desks and agents: they are checked against the center
 * files. While a center file has problems, those five are only checked for YAML syntax (their cross-checks would report
 * nothing but follow-ups); their other problems show once the center files are valid.
 */
final class ConfLoader {
    private static final List<String> DEPENDENT = List.of(OverflowConfig.FILE, StaffingConfig.FILE, CampaignsLoader.FILE,
            RecordingsLoader.FILE, SelfServiceConfig.FILE, WebConfig.FILE);

    private ConfLoader() {
    }

    @FunctionalInterface
    private interface Reader<T> {
        T read() throws ConfigException;
    }

    static Conf load(Path dir, Map<String, String> environment) throws ConfigException {
        Map<String, String> env = Map.copyOf(environment);
        List<Problem> problems = new ArrayList<>();
        CenterConfig center = read(problems, () -> ConfigLoader.load(dir, env));
        if (center == null && !Files.isDirectory(dir)) {
            throw new ConfigException(problems);
        }
        AgentStatesConfig states = read(problems, () -> AgentStatesYaml.load(dir, env));
        Optional<BillingRules> billing = Optional.empty();
        if (Files.exists(dir.resolve(BillingConfigLoader.FILE))) {
            billing = Optional.ofNullable(read(problems, () -> BillingConfigLoader.load(dir, env)));
        }
        OverflowConfig overflow = null;
        StaffingConfig staffing = null;
        CampaignsConfig campaigns = null;
        RecordingsConfig recordings = null;
        SelfServiceConfig selfService = null;
        WebConfig web = null;
        if (center != null) {
            Set<String> companies = center.companies().keySet();
            Set<String> desks = center.desks().keySet();
            overflow = read(problems, () -> OverflowYaml.load(dir, env, center));
            staffing = read(problems, () -> StaffingYaml.load(dir, env, center));
            campaigns = read(problems, () -> CampaignsLoader.load(dir, companies, desks, env));
            recordings = read(problems, () -> RecordingsLoader.loadDir(dir, env, companies, desks));
            selfService = read(problems, () -> SelfServiceYaml.load(dir, env, center));
            web = read(problems, () -> WebYaml.load(dir, env, center));
        } else {
            for (String file : DEPENDENT) {
                if (Files.exists(dir.resolve(file))) {
                    YamlDoc.read(dir, file, problems, env);
                }
            }
        }
        if (!problems.isEmpty()) {
            List<Problem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparing(Problem::file).thenComparingInt(Problem::line));
            throw new ConfigException(sorted);
        }
        return new Conf(center, states, overflow, staffing, campaigns, billing, recordings, selfService, web);
    }

    private static <T> T read(List<Problem> problems, Reader<T> reader) {
        try {
            return reader.read();
        } catch (ConfigException e) {
            problems.addAll(e.problems().isEmpty()
                    ? List.of(new Problem("(config)", 0, "(file)", "a file could not be read: " + e.getMessage())) : e.problems());
            return null;
        }
    }
}
