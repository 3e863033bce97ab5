package ascc.core.happycall;

import ascc.core.durable.Codec;
import ascc.core.durable.SpoolLines;

/**
 * A happy-call score as one journal line, format {@code ha1}: the 5 components of {@link HappyAnswer} in order, the instant
 * ISO-8601. {@code CodecsCoverEveryComponentTest} fails when a component is added to the record and not here.
 */
public final class HappyAnswerCodec implements Codec<HappyAnswer> {
    public static final HappyAnswerCodec INSTANCE = new HappyAnswerCodec();
    static final String TAG = "ha1";
    /** The fields of a line: the record's 5 components. */
    public static final int FIELDS = 5;

    private HappyAnswerCodec() {
    }

    @Override
    public String encode(HappyAnswer a) {
        return SpoolLines.join(TAG, Long.toString(a.happyCallId()), a.company(), a.questionId(), Integer.toString(a.score()),
                SpoolLines.str(a.at()));
    }

    @Override
    public HappyAnswer decode(String line) {
        String[] f = SpoolLines.split(line, TAG, FIELDS);
        try {
            return new HappyAnswer(Long.parseLong(f[0]), f[1], f[2], Integer.parseInt(f[3]), SpoolLines.instant(f[4]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }
}
