package ascc.core.feature;

import ascc.core.config.ConfigHolder;
import ascc.core.ami.AmiClient;
import ascc.core.cluster.Leases;
import ascc.core.cluster.TrunkSlots;
import ascc.core.db.Database;
import ascc.core.metrics.Metrics;
import ascc.core.sched.Scheduler;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.EngineSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What every feature starts from: the config directory and environment (for the feature's own files), the live center
 * config ({@link ConfigHolder}: read it at use, it is swapped by a reload), the clock, this node's name, and the shared
 * resources. {@code contribute} collects what features add to the FastAGI server, the HTTP server, the health check;
 * {@code leases} says whether this node may do a kind of once-only work now, {@code trunk} gives the trunk slots every
 * outbound call of every node claims one of (docs/scale-out.md).
 */
public record FeatureContext(Path confDir, Map<String, String> env, ConfigHolder config, Clock clock, String nodeName,
                             Database db, Metrics metrics, Scheduler scheduler, AmiClient ami, Contributions contribute,
                             Leases leases, TrunkSlots trunk) {
    public FeatureContext {
        Objects.requireNonNull(confDir, "confDir");
        env = Map.copyOf(env);
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(contribute, "contribute");
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(trunk, "trunk");
    }

    /** The center config now. */
    public CenterConfig center() {
        return config.get();
    }

    /** engine.yaml now. */
    public EngineSettings settings() {
        return config.get().engine();
    }

    public DataSource dataSource() {
        return db.dataSource();
    }
}
