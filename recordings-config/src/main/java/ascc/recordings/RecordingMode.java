package ascc.recordings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which calls of a company (or one of its desks) are recorded. */
public enum RecordingMode {
    /** Never. */
    NONE,
    /** Every call an agent answers. */
    ALL,
    /** Only calls customers made to the center (not the center's call-backs). */
    INBOUND_ONLY;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RecordingMode> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equals(id)).findFirst();
    }

    /** Whether a call in this direction is recorded. */
    public boolean records(boolean inbound) {
        return this == ALL || (this == INBOUND_ONLY && inbound);
    }
}
