package ascc.core.cdr;

import ascc.core.ami.AmiEvent;
import ascc.routing.cdr.CdrLeg;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@link CdrLeg} from the AMI {@code Cdr} event Asterisk's {@code cdr_manager} sends.
 *
 * <p>Times: {@code StartTime}, {@code AnswerTime} and {@code EndTime} are Asterisk's local wall time, whole seconds; they are
 * read in the Asterisk host's zone. The call's start is taken from the linkedid when it has Asterisk's uniqueid form.
 */
public final class CdrEvents {
    /** The AMI event name cdr_manager sends. */
    public static final String EVENT = "Cdr";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private CdrEvents() {
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
        Instant start = CdrLeg.epochOf(linkedId).orElse(localStart);
        if (start == null) {
            throw new IllegalArgumentException("Cdr event without a start time (UniqueID=" + uniqueId + ", LinkedID=" + linkedId + ")");
        }
        return Optional.of(new CdrLeg(linkedId, uniqueId, e.get("Channel"), e.get("DestinationChannel"), trimmed(e.get("Source")),
                trimmed(e.get("Destination")), e.get("Disposition"), start, time(e, "AnswerTime", asteriskZone),
                time(e, "EndTime", asteriskZone), Math.max(0, e.getLong("BillableSeconds", 0))));
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
}
