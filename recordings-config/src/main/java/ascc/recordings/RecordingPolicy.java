package ascc.recordings;

import java.util.Map;

/**
 * A company's recording policy.
 *
 * @param mode mode for desks not listed in {@code byDesk}
 * @param consent play the consent announcement to the customer before the agent is connected
 * @param byDesk desk id to the mode for that desk
 */
public record RecordingPolicy(RecordingMode mode, boolean consent, Map<String, RecordingMode> byDesk) {
    public static final RecordingPolicy NONE = new RecordingPolicy(RecordingMode.NONE, false, Map.of());

    public RecordingPolicy {
        byDesk = Map.copyOf(byDesk);
    }

    public RecordingMode modeFor(String deskId) {
        return deskId == null ? mode : byDesk.getOrDefault(deskId, mode);
    }

    public boolean records(String deskId, boolean inbound) {
        return modeFor(deskId).records(inbound);
    }
}
