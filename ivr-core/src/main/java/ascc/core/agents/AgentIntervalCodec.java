package ascc.core.agents;

import ascc.core.durable.Codec;
import ascc.core.durable.SpoolLines;

/**
 * An agent state interval as one journal line, format {@code as1}: the 5 components of {@link AgentStateTracker.Interval}
 * in order, the state by name, instants ISO-8601. {@code CodecsCoverEveryComponentTest} fails when a component is added
 * to the record and not here.
 */
public final class AgentIntervalCodec implements Codec<AgentStateTracker.Interval> {
    public static final AgentIntervalCodec INSTANCE = new AgentIntervalCodec();
    static final String TAG = "as1";
    /** The agent state history's journal directory under {@code <spool-dir>} (its writer: {@code AgentHistoryWriter}). */
    public static final String SPOOL_SUBDIR = "agent-states";
    /** The fields of a line: the record's 5 components. */
    public static final int FIELDS = 5;

    private AgentIntervalCodec() {
    }

    @Override
    public String encode(AgentStateTracker.Interval i) {
        return SpoolLines.join(TAG, i.agentId(), i.state() == null ? null : i.state().name(), i.reason(), SpoolLines.str(i.from()),
                SpoolLines.str(i.to()));
    }

    @Override
    public AgentStateTracker.Interval decode(String line) {
        String[] f = SpoolLines.split(line, TAG, FIELDS);
        try {
            return new AgentStateTracker.Interval(f[0], f[1] == null ? null : AgentState.valueOf(f[1]), f[2],
                    SpoolLines.instant(f[3]), SpoolLines.instant(f[4]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }
}
