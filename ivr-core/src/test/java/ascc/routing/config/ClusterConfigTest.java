package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engine.yaml {@code cluster:} and {@code agi.nodes}: this node's id, lease timing, the FastAGI nodes tried in order. */
class ClusterConfigTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheSectionASingleNodeWithLeasesMovingWithinTenSeconds() throws ConfigException {
        ClusterSettings c = ConfigFixture.in(dir).load().engine().cluster();
        assertEquals(ClusterSettings.DEFAULTS, c);
        assertEquals(Duration.ofSeconds(6), c.leaseTtl());
        assertEquals(Duration.ofSeconds(2), c.renewEvery());
        assertEquals(Duration.ofSeconds(1), c.margin());
    }

    @Test
    void everyKeyIsReadAndTheNodeIdMayComeFromTheEnvironment() throws ConfigException {
        CenterConfig c = ConfigFixture.in(dir).env("ASCC_NODE_ID", "cc-2")
                .write("engine.yaml", ConfigFixture.ENGINE.replace("port: 4573}", "port: 4573, nodes: [10.0.0.5:4573, 10.0.0.6:4574]}")
                        + "cluster:\n  node-id: ${ASCC_NODE_ID:-}\n  lease-ttl-ms: 3000\n  renew-every-ms: 1000\n").load();
        assertEquals(new ClusterSettings("cc-2", Duration.ofSeconds(3), Duration.ofSeconds(1),
                List.of("10.0.0.5:4573", "10.0.0.6:4574")), c.engine().cluster());
    }

    @Test
    void unknownKeyListsTheAllowedOnes() {
        ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE + "cluster:\n  lease-tll-ms: 10\n").assertProblems(
                "engine.yaml:22: cluster.lease-tll-ms: unknown key 'lease-tll-ms' (allowed: node-id, lease-ttl-ms, renew-every-ms)");
    }

    @Test
    void badValuesAreReportedWithFileLineAndWhatIsAllowed() {
        ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE.replace("port: 4573}", "port: 4573, nodes: [host-only]}")
                + "cluster:\n  node-id: 'a b'\n  lease-ttl-ms: 2000\n  renew-every-ms: 1500\n").assertProblems(
                "engine.yaml:3: agi.nodes[0]: invalid AGI node 'host-only' (allowed: a list of host:port of every engine node's"
                        + " FastAGI listener, e.g. [10.0.0.5:4573, 10.0.0.6:4573])",
                "engine.yaml:22: cluster.node-id: invalid node id 'a b' (allowed: 1..100 letters, digits, '_', '.', ':' or '-';"
                        + " empty: host name and HTTP port)",
                "engine.yaml:24: cluster.renew-every-ms: renew-every-ms 1500 must be at most half of lease-ttl-ms 2000 (allowed: e.g."
                        + " lease-ttl-ms 6000 with renew-every-ms 2000)");
    }

    @Test
    void theRecordRefusesATtlTheRenewalsCannotKeep() {
        assertThrows(IllegalArgumentException.class, () -> new ClusterSettings("a", Duration.ofSeconds(2), Duration.ofSeconds(2),
                List.of()));
    }
}
