package ascc.core.campaign;

import ascc.core.durable.DurableWriter;
import ascc.core.durable.Journals;
import ascc.core.metrics.Metrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Survey answers on the durable path (issue #12): {@link SurveySessions#answered} appends each answer to the write-ahead
 * journal in {@code <spool-dir>/}{@value #SPOOL_SUBDIR} and forces it to disk before it returns, so the flow thanks the
 * customer only for answers that survive a database outage of any length and a kill -9. The writer thread
 * ({@code survey-answer-writer}) stores them in {@code survey_answer}, idempotent by (attempt, question): a replay stores
 * nothing twice.
 */
public final class SurveyAnswers {
    /** The answers' journal: {@code <spool-dir>/survey-answers}. */
    public static final String SPOOL_SUBDIR = "survey-answers";
    /** What the writer carries (no phone number in an answer). */
    public static final DurableWriter.Kind<SurveyAnswer> KIND = new DurableWriter.Kind<>("survey answers", "survey-answer-writer",
            SurveyAnswer::key, a -> null, "survey_answer");
    private static final DurableWriter.Settings SETTINGS = new DurableWriter.Settings(100, Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofSeconds(5), 100_000, 5, Duration.ofSeconds(10));

    private SurveyAnswers() {
    }

    /** The sink: each answer inserted unless its (attempt, question) is stored already (the first answer stays). */
    public static DurableWriter.Sink<SurveyAnswer> sink(DialerStore store) {
        return answers -> {
            for (SurveyAnswer a : answers) {
                store.saveAnswer(a.attemptId(), a.company(), a.campaign(), a.questionId(), a.answer(), a.at());
            }
        };
    }

    /**
     * The writer of {@code sink} over the journal in {@code spoolDir} (null: no journal, answers wait in memory; tests only),
     * replaying what a previous run left there.
     */
    public static DurableWriter<SurveyAnswer> writer(DurableWriter.Sink<SurveyAnswer> sink, Path spoolDir, Metrics metrics,
            Clock clock) {
        return Journals.writer(KIND, sink, spoolDir, SPOOL_SUBDIR, SurveyAnswerCodec.INSTANCE, metrics, clock, SETTINGS);
    }
}
