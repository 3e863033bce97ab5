package ascc.core.calls;

import ascc.core.durable.Codec;
import ascc.core.durable.SpoolLines;
import ascc.routing.calls.CallOutcome;

/**
 * A call record as one spool line (format {@code v1}): the 18 fields of {@link CallRecord} in order (its recording path is not
 * spooled), instants ISO-8601, the outcome by name. Lines written by every earlier version have this format.
 */
public final class CallRecordCodec implements Codec<CallRecord> {
    public static final CallRecordCodec INSTANCE = new CallRecordCodec();
    static final String TAG = "v1";
    private static final int FIELDS = 18;

    private CallRecordCodec() {
    }

    @Override
    public String encode(CallRecord r) {
        return SpoolLines.join(TAG, r.linkedId(), r.uniqueId(), r.companyId(), r.category(), r.inquiryType(), r.deskId(),
                r.queueName(), r.agentId(), r.dialedNumber(), r.callerNumber(), SpoolLines.str(r.enteredAt()),
                SpoolLines.str(r.answeredAt()), SpoolLines.str(r.endedAt()), SpoolLines.str(r.waitMs()), SpoolLines.str(r.talkMs()),
                r.outcome().name(), r.rule(), r.engineNode());
    }

    @Override
    public CallRecord decode(String line) {
        String[] f = SpoolLines.split(line, TAG, FIELDS);
        try {
            return new CallRecord(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], SpoolLines.instant(f[10]),
                    SpoolLines.instant(f[11]), SpoolLines.instant(f[12]), SpoolLines.number(f[13]), SpoolLines.number(f[14]),
                    CallOutcome.valueOf(f[15]), f[16], f[17]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }
}
