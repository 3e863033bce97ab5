package ascc.core.calls;

import ascc.core.durable.Codec;
import ascc.core.durable.SpoolLines;
import ascc.routing.calls.CallOutcome;

/**
 * A call record as one journal line, format {@code v2}: the 19 fields of {@link CallRecord} in order, instants ISO-8601, the
 * outcome by name. Also reads format {@code v1}, the lines earlier versions wrote: the first 18 fields, without the recording
 * path (read back as null: such a line lost it). {@code CodecsCoverEveryComponentTest} fails when a component is added to
 * the record and not to this codec.
 */
public final class CallRecordCodec implements Codec<CallRecord> {
    public static final CallRecordCodec INSTANCE = new CallRecordCodec();
    static final String TAG = "v2";
    static final String LEGACY_TAG = "v1";
    /** The fields of a {@code v2} line: every component of {@link CallRecord}. */
    public static final int FIELDS = 19;
    private static final int LEGACY_FIELDS = 18;

    private CallRecordCodec() {
    }

    @Override
    public String encode(CallRecord r) {
        return SpoolLines.join(TAG, r.linkedId(), r.uniqueId(), r.companyId(), r.category(), r.inquiryType(), r.deskId(),
                r.queueName(), r.agentId(), r.dialedNumber(), r.callerNumber(), SpoolLines.str(r.enteredAt()),
                SpoolLines.str(r.answeredAt()), SpoolLines.str(r.endedAt()), SpoolLines.str(r.waitMs()), SpoolLines.str(r.talkMs()),
                r.outcome().name(), r.rule(), r.engineNode(), r.recordingPath());
    }

    @Override
    public CallRecord decode(String line) {
        boolean legacy = LEGACY_TAG.equals(SpoolLines.tag(line));
        String[] f = legacy ? SpoolLines.split(line, LEGACY_TAG, LEGACY_FIELDS) : SpoolLines.split(line, TAG, FIELDS);
        try {
            return new CallRecord(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], SpoolLines.instant(f[10]),
                    SpoolLines.instant(f[11]), SpoolLines.instant(f[12]), SpoolLines.number(f[13]), SpoolLines.number(f[14]),
                    CallOutcome.valueOf(f[15]), f[16], f[17], legacy ? null : f[18]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }
}
