package ascc.core.desktop;

import java.time.Instant;
import java.util.Objects;

/**
 * The disposition code and note an agent saved for a call on the agent desktop, as journaled and stored in
 * {@code call_disposition} (one per call: saving again replaces it).
 *
 * @param linkedId the call
 * @param companyId the call's company, or null when the call had none
 * @param deskId the desk whose codes (desks.yaml) the code is one of
 * @param agentId the agent who took the call and saved it
 * @param code the disposition code
 * @param note the agent's note (may be empty; at most {@link #MAX_NOTE} characters)
 * @param savedAt when it was saved
 */
public record CallDisposition(String linkedId, String companyId, String deskId, String agentId, String code, String note,
                              Instant savedAt) {
    /** The longest note stored. */
    public static final int MAX_NOTE = 1000;

    public CallDisposition {
        Objects.requireNonNull(linkedId, "linkedId");
        Objects.requireNonNull(deskId, "deskId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(savedAt, "savedAt");
        note = note == null ? "" : note;
        if (note.length() > MAX_NOTE) {
            throw new IllegalArgumentException("note of call " + linkedId + " is " + note.length() + " characters (at most " + MAX_NOTE
                    + ")");
        }
    }
}
