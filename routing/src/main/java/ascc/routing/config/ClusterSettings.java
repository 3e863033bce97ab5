package ascc.routing.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How this engine node takes part in a cluster of engine nodes ({@code engine.yaml} {@code cluster:} and
 * {@code agi.nodes}). Once-only work (overflow steps, callback dialing, peak staffing, CDR ingest, the monthly close)
 * is done only by the node holding that work's lease; a lease lives {@link #leaseTtl()} from its last renewal, and is
 * renewed every {@link #renewEvery()}.
 *
 * @param nodeId this node's name in the lease table; empty: derived at start from the host name and the HTTP port
 * @param leaseTtl how long a lease lives after its last renewal (the database's clock); another node takes it over
 *     at the earliest then, so a lost node's work moves within about this long
 * @param renewEvery how often the holder renews (and a node without the lease tries to take it)
 * @param agiNodes {@code host:port} of every engine node's FastAGI listener, in the order the rendered dialplan tries
 *     them; empty: only {@code agi.url-host:agi.port}
 */
public record ClusterSettings(String nodeId, Duration leaseTtl, Duration renewEvery, List<String> agiNodes) {
    /** What a node id may look like. */
    public static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    public static final String NODE_ID_ALLOWED = "1..100 letters, digits, '_', '.', ':' or '-'";
    /** {@code host:port} of an AGI node. */
    public static final Pattern AGI_NODE = Pattern.compile("[A-Za-z0-9_.-]+:[0-9]{1,5}");
    /** A single node: ttl 6 s renewed every 2 s, so a lost holder's leases move within 10 s. */
    public static final ClusterSettings DEFAULTS = new ClusterSettings("", Duration.ofSeconds(6), Duration.ofSeconds(2), List.of());

    public ClusterSettings {
        nodeId = nodeId == null ? "" : nodeId;
        agiNodes = List.copyOf(agiNodes);
        if (!nodeId.isEmpty() && !NODE_ID.matcher(nodeId).matches()) {
            throw new IllegalArgumentException("invalid node id '" + nodeId + "' (allowed: " + NODE_ID_ALLOWED + ")");
        }
        if (leaseTtl.compareTo(Duration.ofMillis(500)) < 0 || renewEvery.isNegative() || renewEvery.isZero()
                || renewEvery.multipliedBy(2).compareTo(leaseTtl) > 0) {
            throw new IllegalArgumentException("lease ttl " + leaseTtl.toMillis() + " ms must be at least 500 ms and at least twice"
                    + " the renewal interval " + renewEvery.toMillis() + " ms");
        }
    }

    /** The local safety margin: a holder stops acting this long before its lease could expire in the database. */
    public Duration margin() {
        return leaseTtl.minus(renewEvery).dividedBy(4);
    }

    /** These settings with other AGI nodes. */
    public ClusterSettings withAgiNodes(List<String> nodes) {
        return new ClusterSettings(nodeId, leaseTtl, renewEvery, nodes);
    }
}
