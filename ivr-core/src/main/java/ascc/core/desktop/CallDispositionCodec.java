package ascc.core.desktop;

import ascc.core.durable.Codec;
import ascc.core.durable.SpoolLines;

/**
 * A disposition as one journal line, format {@code cd1}: the 7 components of {@link CallDisposition} in order, the instant
 * ISO-8601. {@code CodecsCoverEveryComponentTest} fails when a component is added to the record and not here.
 */
public final class CallDispositionCodec implements Codec<CallDisposition> {
    public static final CallDispositionCodec INSTANCE = new CallDispositionCodec();
    static final String TAG = "cd1";
    /** The fields of a line: the record's 7 components. */
    public static final int FIELDS = 7;

    private CallDispositionCodec() {
    }

    @Override
    public String encode(CallDisposition d) {
        return SpoolLines.join(TAG, d.linkedId(), d.companyId(), d.deskId(), d.agentId(), d.code(), d.note(),
                SpoolLines.str(d.savedAt()));
    }

    @Override
    public CallDisposition decode(String line) {
        String[] f = SpoolLines.split(line, TAG, FIELDS);
        try {
            return new CallDisposition(f[0], f[1], f[2], f[3], f[4], f[5], SpoolLines.instant(f[6]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }
}
