package ascc.core.cdr;

import ascc.core.ami.AmiEvent;
import ascc.routing.Phones;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One CDR of a call, as Asterisk's {@code cdr_manager} sends it in an AMI {@code Cdr} event. A call (one linkedid) has
 * several: the caller's leg (its {@code UniqueID} is the linkedid) and, per Asterisk 12+ CDR rules, one per party B
 * (each agent rung by the queue).
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
    /** The AMI event name cdr_manager sends. */
    public static final String EVENT = "Cdr";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

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

    /**
     * Parses a {@code Cdr} event.
     *
     * @param asteriskZone the zone Asterisk's local times are in
     * @return empty when it is another event
     * @throws IllegalArgumentException when it is a Cdr event without the fields needed (the message names them)
     */
    public static Optional<CdrLeg> parse(AmiEvent e, ZoneId asteriskZone) {
        if (!e.is(EVENT)) {
            return Optional.empty();
        }
        String uniqueId = trimmed(e.get("UniqueID"));
        String linkedId = trimmed(e.get("LinkedID"));
        if (uniqueId == null || linkedId == null) {
            throw new IllegalArgumentException("Cdr event without UniqueID or LinkedID (UniqueID=" + uniqueId + ", LinkedID=" + linkedId
                    + ", Channel=" + e.get("Channel") + "): is 'linkedid => LinkedID' in cdr_manager.conf [mappings]?");
        }
        Instant localStart = time(e, "StartTime", asteriskZone);
        Instant start = epochOf(linkedId).orElse(localStart);
        if (start == null) {
            throw new IllegalArgumentException("Cdr event without a start time (UniqueID=" + uniqueId + ", LinkedID=" + linkedId + ")");
        }
        return Optional.of(new CdrLeg(linkedId, uniqueId, e.get("Channel"), e.get("DestinationChannel"), trimmed(e.get("Source")),
                trimmed(e.get("Destination")), e.get("Disposition"), start, time(e, "AnswerTime", asteriskZone),
                time(e, "EndTime", asteriskZone), Math.max(0, e.getLong("BillableSeconds", 0))));
    }

    /** The creation time in an Asterisk uniqueid ({@code [system-]epoch.sequence}), if it has that form. */
    static Optional<Instant> epochOf(String uniqueId) {
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

    private static Instant time(AmiEvent e, String key, ZoneId zone) {
        String v = trimmed(e.get(key));
        if (v == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(v, TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException ex) {
            throw new IllegalArgumentException("Cdr event " + key + " '" + v + "' is not yyyy-MM-dd HH:mm:ss (UniqueID=" + e.get("UniqueID")
                    + ")", ex);
        }
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "CdrLeg[linkedId=" + linkedId + ", uniqueId=" + uniqueId + ", channel=" + channel + ", dstChannel=" + dstChannel
                + ", source=" + Phones.mask(source) + ", destination=" + destination + ", disposition=" + disposition + ", start="
                + start + ", answer=" + answer + ", end=" + end + ", billSeconds=" + billSeconds + "]";
    }
}
