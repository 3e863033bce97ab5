package ascc.core.ami;

import ascc.routing.Phones;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Typed, immutable views of the AMI events the engine uses. {@link #typed(AmiEvent)} maps a generic event to one of
 * them; other events stay generic. Missing numbers are -1. {@code toString} masks callers' numbers.
 */
public final class AmiEvents {
    private AmiEvents() {
    }

    /** A typed event. */
    public sealed interface Typed permits QueueCallerJoin, AgentConnect, AgentComplete, QueueCallerAbandon, Hangup,
        QueueMemberStatus, FullyBooted, OriginateResponse {
        /** When the I/O thread decoded it. */
        Instant received();
    }

    /**
     * A caller entered a queue.
     *
     * @param queue queue name
     * @param uniqueId caller channel's unique id
     * @param linkedId call's linked id
     * @param channel caller channel
     * @param callerIdNum caller's number (masked in toString)
     * @param position position in the queue (1 = first)
     * @param count callers in the queue after joining
     * @param received decode time
     */
    public record QueueCallerJoin(String queue, String uniqueId, String linkedId, String channel, String callerIdNum,
                                  int position, int count, Instant received) implements Typed {
        @Override
        public String toString() {
            return "QueueCallerJoin{queue=" + queue + ", uniqueId=" + uniqueId + ", linkedId=" + linkedId + ", channel="
                + channel + ", callerIdNum=" + Phones.mask(callerIdNum) + ", position=" + position
                + ", count=" + count + ", received=" + received + "}";
        }
    }

    /**
     * An agent answered a queue call.
     *
     * @param queue queue name
     * @param uniqueId caller channel's unique id
     * @param memberInterface agent interface
     * @param memberName agent name
     * @param destChannel agent channel
     * @param holdTime seconds the caller waited
     * @param ringTime seconds the agent rang
     * @param received decode time
     */
    public record AgentConnect(String queue, String uniqueId, String memberInterface, String memberName, String destChannel,
                               int holdTime, int ringTime, Instant received) implements Typed {
    }

    /**
     * A queue call answered by an agent ended.
     *
     * @param queue queue name
     * @param uniqueId caller channel's unique id
     * @param memberInterface agent interface
     * @param memberName agent name
     * @param holdTime seconds the caller waited
     * @param talkTime seconds of conversation
     * @param reason {@code caller}, {@code agent} or {@code transfer}
     * @param received decode time
     */
    public record AgentComplete(String queue, String uniqueId, String memberInterface, String memberName, int holdTime,
                                int talkTime, String reason, Instant received) implements Typed {
    }

    /**
     * A caller hung up while waiting in a queue.
     *
     * @param queue queue name
     * @param uniqueId caller channel's unique id
     * @param position position when leaving
     * @param originalPosition position when joining
     * @param holdTime seconds waited
     * @param received decode time
     */
    public record QueueCallerAbandon(String queue, String uniqueId, int position, int originalPosition, int holdTime,
                                     Instant received) implements Typed {
    }

    /**
     * A channel hung up.
     *
     * @param channel channel name
     * @param uniqueId channel's unique id
     * @param linkedId call's linked id
     * @param cause Q.850 cause code
     * @param causeText cause text
     * @param received decode time
     */
    public record Hangup(String channel, String uniqueId, String linkedId, int cause, String causeText, Instant received)
        implements Typed {
    }

    /**
     * A queue member's device or pause state changed.
     *
     * @param queue queue name
     * @param memberInterface agent interface
     * @param memberName agent name
     * @param status device state number (1 = not in use, 2 = in use, 5 = unavailable, 6 = ringing, ...)
     * @param paused whether the member is paused
     * @param inCall whether the member is in a queue call
     * @param received decode time
     */
    public record QueueMemberStatus(String queue, String memberInterface, String memberName, int status, boolean paused,
                                    boolean inCall, Instant received) implements Typed {
    }

    /**
     * Asterisk finished starting (sent right after login to users with {@code system} read rights).
     *
     * @param status e.g. {@code Fully Booted}
     * @param received decode time
     */
    public record FullyBooted(String status, Instant received) implements Typed {
    }

    /**
     * Result of an asynchronous Originate.
     *
     * @param actionId the Originate's ActionID
     * @param response {@code Success} or {@code Failure}
     * @param channel the originated channel
     * @param uniqueId its unique id
     * @param reason Asterisk's reason code (4 = answered, 5 = busy, 3 = no answer, 8 = congestion, 0 = failed)
     * @param received decode time
     */
    public record OriginateResponse(String actionId, String response, String channel, String uniqueId, int reason,
                                    Instant received) implements Typed {
        public boolean success() {
            return "Success".equalsIgnoreCase(response);
        }
    }

    /** The typed view of {@code e}, or empty for events the engine does not type. */
    public static Optional<Typed> typed(AmiEvent e) {
        Instant t = e.received();
        Typed typed = switch (e.name().toLowerCase(Locale.ROOT)) {
            case "queuecallerjoin" -> new QueueCallerJoin(e.queue(), e.uniqueId(), e.linkedId(), e.channel(),
                e.get("CallerIDNum"), e.getInt("Position", -1), e.getInt("Count", -1), t);
            case "agentconnect" -> new AgentConnect(e.queue(), e.uniqueId(), e.memberInterface(), e.get("MemberName"),
                e.get("DestChannel"), e.getInt("HoldTime", -1), e.getInt("RingTime", -1), t);
            case "agentcomplete" -> new AgentComplete(e.queue(), e.uniqueId(), e.memberInterface(), e.get("MemberName"),
                e.getInt("HoldTime", -1), e.getInt("TalkTime", -1), e.get("Reason"), t);
            case "queuecallerabandon" -> new QueueCallerAbandon(e.queue(), e.uniqueId(), e.getInt("Position", -1),
                e.getInt("OriginalPosition", -1), e.getInt("HoldTime", -1), t);
            case "hangup" -> new Hangup(e.channel(), e.uniqueId(), e.linkedId(), e.getInt("Cause", -1), e.get("Cause-txt"), t);
            case "queuememberstatus" -> new QueueMemberStatus(e.queue(), e.memberInterface(), e.get("MemberName"),
                e.getInt("Status", -1), flag(e.get("Paused")), flag(e.get("InCall")), t);
            case "fullybooted" -> new FullyBooted(e.get("Status"), t);
            case "originateresponse" -> new OriginateResponse(e.actionId(), e.get("Response"), e.channel(), e.uniqueId(),
                e.getInt("Reason", -1), t);
            default -> null;
        };
        return Optional.ofNullable(typed);
    }

    private static boolean flag(String v) {
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"));
    }
}
