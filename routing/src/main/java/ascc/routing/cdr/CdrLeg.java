package ascc.routing.cdr;

import ascc.routing.Phones;
import ascc.routing.asterisk.Channels;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One CDR of a call, as Asterisk sends it (AMI {@code Cdr} event, or a line of its CDR file). A call (one linkedid) has
 * several: the caller's leg (its {@code UniqueID} is the linkedid) and, per Asterisk 12+ CDR rules, one per party B
 * (each agent rung by the queue).
 *
 * <p>What a leg tells about its call ({@link #dialedNumber()}, {@link #callerNumber()}, {@link #agentAnswer()},
 * {@link #agentTalkMs()}, {@link #callerDisposition()}) is merged per linkedid into one row with rules that do not depend on
 * order or repetition: earliest start, earliest answer, latest end, answered if any leg was answered by an agent, longest
 * talk, and for text the smallest non-null value. Merging a leg twice, or legs in another order, gives the same row
 * (the database applies the rule: {@code AsteriskCallStore}).
 *
 * <p>Times: {@code StartTime}, {@code AnswerTime} and {@code EndTime} are Asterisk's local wall time, whole seconds; they are
 * read in the Asterisk host's zone. The call's start is taken from the linkedid when it has Asterisk's uniqueid form
 * ({@code [system-]epoch.sequence}): that is the moment the first channel was created, in UTC, independent of any zone.
 *
 * @param linkedId the call (Asterisk linkedid)
 * @param uniqueId this channel
 * @param channel party A channel name
 * @param dstChannel party B channel name, empty when there was none (IVR only, hung up before an agent answered)
 * @param source caller number ({@code Source})
 * @param destination dialed extension ({@code Destination})
 * @param disposition {@code ANSWERED}, {@code NO ANSWER}, {@code BUSY}, {@code FAILED} or {@code CONGESTION}
 * @param start when the call started (see above)
 * @param answer when this CDR was answered, or null
 * @param end when this CDR ended, or null
 * @param billSeconds seconds from answer to end
 */
public record CdrLeg(String linkedId, String uniqueId, String channel, String dstChannel, String source, String destination,
        String disposition, Instant start, Instant answer, Instant end, long billSeconds) {
    public CdrLeg {
        Objects.requireNonNull(linkedId, "linkedId");
        Objects.requireNonNull(uniqueId, () -> "uniqueId (linkedId=" + linkedId + ")");
        Objects.requireNonNull(start, () -> "start (linkedId=" + linkedId + ")");
        channel = channel == null ? "" : channel;
        dstChannel = dstChannel == null ? "" : dstChannel;
        disposition = disposition == null ? "" : disposition;
        if (linkedId.isBlank() || linkedId.length() > 64 || uniqueId.isBlank() || uniqueId.length() > 64) {
            throw new IllegalArgumentException("linkedId and uniqueId must be 1..64 characters (linkedId=" + linkedId + ", uniqueId="
                    + uniqueId + ")");
        }
    }

    /** The caller's own leg: the channel that made the linkedid. */
    public boolean isCallerLeg() {
        return uniqueId.equals(linkedId);
    }

    /** Answered by someone on the other side of a bridge (an agent): disposition ANSWERED with a party B. */
    public boolean answeredByAgent() {
        return "ANSWERED".equalsIgnoreCase(disposition.strip()) && !dstChannel.isBlank() && answer != null;
    }

    /** The number the caller dialed: the caller leg's destination; null on other legs. */
    public String dialedNumber() {
        return isCallerLeg() ? destination : null;
    }

    /** The caller's number: the caller leg's source; null on other legs (never log it unmasked). */
    public String callerNumber() {
        return isCallerLeg() ? source : null;
    }

    /** When an agent answered this leg, or null when none did. */
    public Instant agentAnswer() {
        return answeredByAgent() ? answer : null;
    }

    /** The agent who answered this leg: the endpoint of its {@code dstchannel} ({@code PJSIP/2201-0000001a} gives 2201), or null. */
    public String agentId() {
        if (!answeredByAgent()) {
            return null;
        }
        String endpoint = Channels.endpointOf(dstChannel);
        return endpoint.isEmpty() ? null : endpoint;
    }

    /** The talk time with the agent who answered this leg, in ms; 0 when none did. */
    public long agentTalkMs() {
        return answeredByAgent() ? billSeconds * 1000 : 0;
    }

    /** The call's disposition: the caller leg's; null on other legs. */
    public String callerDisposition() {
        return isCallerLeg() ? disposition : null;
    }

    /** The creation time in an Asterisk uniqueid ({@code [system-]epoch.sequence}), if it has that form. */
    public static Optional<Instant> epochOf(String uniqueId) {
        String s = uniqueId.substring(uniqueId.lastIndexOf('-') + 1);
        int dot = s.indexOf('.');
        if (dot <= 0 || dot > 12) {
            return Optional.empty();
        }
        try {
            long epoch = Long.parseLong(s.substring(0, dot));
            Long.parseLong(s.substring(dot + 1));
            return epoch > 0 ? Optional.of(Instant.ofEpochSecond(epoch)) : Optional.empty();
        } catch (NumberFormatException ignored) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "CdrLeg[linkedId=" + linkedId + ", uniqueId=" + uniqueId + ", channel=" + Phones.maskText(channel)
                + ", dstChannel=" + Phones.maskText(dstChannel) + ", source=" + Phones.mask(source)
                + ", destination=" + Phones.maskText(destination) + ", disposition=" + disposition + ", start="
                + start + ", answer=" + answer + ", end=" + end + ", billSeconds=" + billSeconds + "]";
    }
}
