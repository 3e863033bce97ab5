package ascc.core.campaign;

import ascc.core.durable.Codec;
import ascc.core.durable.SpoolLines;

/**
 * A survey answer as one journal line, format {@code sa1}: the 6 components of {@link SurveyAnswer} in order, the instant
 * ISO-8601. {@code CodecsCoverEveryComponentTest} fails when a component is added to the record and not here.
 */
public final class SurveyAnswerCodec implements Codec<SurveyAnswer> {
    public static final SurveyAnswerCodec INSTANCE = new SurveyAnswerCodec();
    static final String TAG = "sa1";
    /** The fields of a line: the record's 6 components. */
    public static final int FIELDS = 6;

    private SurveyAnswerCodec() {
    }

    @Override
    public String encode(SurveyAnswer a) {
        return SpoolLines.join(TAG, Long.toString(a.attemptId()), a.company(), a.campaign(), a.questionId(),
                Integer.toString(a.answer()), SpoolLines.str(a.at()));
    }

    @Override
    public SurveyAnswer decode(String line) {
        String[] f = SpoolLines.split(line, TAG, FIELDS);
        try {
            return new SurveyAnswer(Long.parseLong(f[0]), f[1], f[2], f[3], Integer.parseInt(f[4]), SpoolLines.instant(f[5]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad value: " + e.getMessage(), e);
        }
    }
}
