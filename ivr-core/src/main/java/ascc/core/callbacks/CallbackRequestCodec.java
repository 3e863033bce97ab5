package ascc.core.callbacks;

import ascc.core.durable.Codec;
import ascc.core.durable.SpoolLines;
import ascc.routing.callbacks.CallbackKind;

/**
 * A callback booking as one journal line, format {@code cb1}: the 10 components of {@link CallbackRequest} in order, the
 * status as two fields (its lifecycle, {@link CallbackKind} name, and its name), instants ISO-8601.
 * {@code CodecsCoverEveryComponentTest} fails when a component is added to the record and not here.
 */
public final class CallbackRequestCodec implements Codec<CallbackRequest> {
    public static final CallbackRequestCodec INSTANCE = new CallbackRequestCodec();
    static final String TAG = "cb1";
    /** The fields of a line: the record's 10 components, the status taking two. */
    public static final int FIELDS = 11;

    private CallbackRequestCodec() {
    }

    @Override
    public String encode(CallbackRequest r) {
        return SpoolLines.join(TAG, r.linkedId(), r.companyId(), r.deskId(), r.queueName(), r.number(),
                SpoolLines.str(r.requestedAt()), SpoolLines.str(r.dueAt()), r.status().kind().name(), r.status().name(), r.reason(),
                r.relatedLinkedId());
    }

    @Override
    public CallbackRequest decode(String line) {
        String[] f = SpoolLines.split(line, TAG, FIELDS);
        try {
            return new CallbackRequest(f[0], f[1], f[2], f[3], f[4], SpoolLines.instant(f[5]), SpoolLines.instant(f[6]),
                    CallbackKind.valueOf(f[7]).status(f[8]), f[9], f[10]);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }
}
