package ascc.core.selfservice;

import ascc.core.durable.Codec;
import ascc.core.durable.SpoolLines;
import ascc.routing.selfservice.SelfServiceResult;
import ascc.routing.selfservice.SelfServiceVisit;
import java.util.Arrays;
import java.util.List;

/**
 * A self-service visit as one journal line, format {@code ss1}: the 6 components of {@link SelfServiceVisit} in order, the
 * items comma-separated, the instant ISO-8601. No phone number is in a visit.
 */
public final class SelfServiceVisitCodec implements Codec<SelfServiceVisit> {
    public static final SelfServiceVisitCodec INSTANCE = new SelfServiceVisitCodec();
    static final String TAG = "ss1";
    /** The fields of a line: the record's 6 components. */
    public static final int FIELDS = 6;

    private SelfServiceVisitCodec() {
    }

    @Override
    public String encode(SelfServiceVisit v) {
        return SpoolLines.join(TAG, v.linkedId(), v.companyId(), v.category(), v.itemsText(), v.result().name(), SpoolLines.str(v.at()));
    }

    @Override
    public SelfServiceVisit decode(String line) {
        String[] f = SpoolLines.split(line, TAG, FIELDS);
        try {
            List<String> items = f[3] == null || f[3].isEmpty() ? List.of() : Arrays.asList(f[3].split(","));
            return new SelfServiceVisit(f[0], f[1], f[2], items, SelfServiceResult.valueOf(f[4]), SpoolLines.instant(f[5]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }
}
