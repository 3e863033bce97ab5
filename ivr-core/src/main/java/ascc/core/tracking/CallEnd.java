package ascc.core.tracking;

import java.time.Instant;
import java.util.Objects;

/**
 * How Asterisk says a call ended (its CDRs, merged per linkedid): the truth for a call whose hang-up the engine did not
 * hear (AMI was away, events were dropped, Asterisk restarted).
 *
 * @param endedAt when the call's last leg ended (CDR {@code end}, whole seconds)
 * @param answered whether an agent answered (a leg with disposition ANSWERED and a party B)
 * @param talkMs the agent's talk time, CDR {@code billsec} in ms (0 when not answered)
 * @param agentId the agent who answered, from the CDR's {@code dstchannel} ({@code PJSIP/2201-0000001a} gives 2201), or
 *     null when none did or it is not known
 */
public record CallEnd(Instant endedAt, boolean answered, long talkMs, String agentId) {
    /** Without the agent. */
    public CallEnd(Instant endedAt, boolean answered, long talkMs) {
        this(endedAt, answered, talkMs, null);
    }

    public CallEnd {
        Objects.requireNonNull(endedAt, "endedAt");
        if (talkMs < 0) {
            throw new IllegalArgumentException("talkMs must be >= 0, got " + talkMs + " (ended " + endedAt + ")");
        }
    }
}
