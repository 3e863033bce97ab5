package ascc.core.webcallbacks;

import ascc.core.durable.Codec;
import ascc.core.durable.SpoolLines;

/** A web callback request as one journal line, format {@code wcb1}: the 12 components of {@link WebCallbackRequest} in order. */
public final class WebCallbackCodec implements Codec<WebCallbackRequest> {
    public static final WebCallbackCodec INSTANCE = new WebCallbackCodec();
    static final String TAG = "wcb1";
    static final int FIELDS = 12;

    private WebCallbackCodec() {
    }

    @Override
    public String encode(WebCallbackRequest r) {
        return SpoolLines.join(TAG, r.id(), r.integration(), r.channel(), r.companyId(), r.deskId(), r.queueName(), r.number(),
                r.category(), SpoolLines.str(r.windowStart()), SpoolLines.str(r.windowEnd()), SpoolLines.str(r.requestedAt()),
                SpoolLines.str(r.dueAt()));
    }

    @Override
    public WebCallbackRequest decode(String line) {
        String[] f = SpoolLines.split(line, TAG, FIELDS);
        try {
            return new WebCallbackRequest(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], SpoolLines.instant(f[8]),
                    SpoolLines.instant(f[9]), SpoolLines.instant(f[10]), SpoolLines.instant(f[11]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }
}
