package ascc.routing.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who may open a FastAGI session (engine.yaml {@code agi.allowed-peers} and {@code agi.secret}): a session is served
 * only when it comes from one of {@link #allowedPeers} and carries {@link #secret} as its first AGI argument
 * ({@code AGI(agi://host/script,<secret>,...)}, rendered into every AGI call by {@code ivr asterisk-config}).
 * Anything else gets the fallback route only.
 *
 * @param allowedPeers the networks Asterisk connects from; at least one
 * @param secret the deployment's AGI secret; empty means no session is ever served (fail closed)
 */
public record AgiAccess(List<IpNetwork> allowedPeers, Secret secret) {

    /** Default peers: loopback only (Asterisk on the same host). */
    public static final List<String> DEFAULT_PEERS = List.of("127.0.0.0/8", "::1");
    /** The secret's shape: it is written into dialplan arguments as it is, so no separators, quotes or {@code $}. */
    public static final Pattern SECRET_SHAPE = Pattern.compile("[A-Za-z0-9_.-]{16,128}");
    /** What {@link #SECRET_SHAPE} allows, for problem messages. */
    public static final String SECRET_ALLOWED = "16..128 characters of letters, digits, '_', '.' or '-'";
    /** The sample secret the shipped conf/engine.yaml falls back to; refused when a non-loopback peer is allowed. */
    public static final String SAMPLE_SECRET = "ascc-dev-agi-secret";

    public AgiAccess {
        allowedPeers = List.copyOf(allowedPeers);
        Objects.requireNonNull(secret, "secret");
    }

    /** Loopback peers only, with {@code secret}. */
    public static AgiAccess loopback(Secret secret) {
        return new AgiAccess(DEFAULT_PEERS.stream().map(IpNetwork::parse).toList(), secret);
    }

    /** Whether a connection from {@code peer} may talk AGI at all. */
    public boolean allows(InetAddress peer) {
        for (IpNetwork n : allowedPeers) {
            if (n.contains(peer)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code presented} is the secret (constant time); false when no secret is configured. */
    public boolean authenticates(String presented) {
        return !secret.isEmpty() && secret.matches(presented);
    }

    /** Whether every allowed peer is a loopback address. */
    public boolean loopbackOnly() {
        return allowedPeers.stream().allMatch(IpNetwork::loopbackOnly);
    }

    @Override
    public String toString() {
        return "AgiAccess[allowedPeers=" + allowedPeers + ", secret=" + secret + "]";
    }
}
