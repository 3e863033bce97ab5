package ascc.core.happycall;

import ascc.core.durable.DurableWriter;
import ascc.core.durable.Journals;
import ascc.core.metrics.Metrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Happy-call scores go through the durable path (issue #12): journaled on disk before the flow asks the next question, then
 * written to {@code happy_call_answer} in the background, so a database outage during the call or a kill -9 after the
 * key loses no score.
 */
public final class HappyAnswers {
    /** The scores' journal: {@code <spool-dir>/happy-call-answers}. */
    public static final String SPOOL_SUBDIR = "happy-call-answers";
    /** What the writer carries (no phone number in an answer). */
    public static final DurableWriter.Kind<HappyAnswer> KIND = new DurableWriter.Kind<>("happy-call answers",
            "happy-answer-writer", HappyAnswer::key, a -> null, "happy_call_answer");
    private static final DurableWriter.Settings SETTINGS = new DurableWriter.Settings(100, Duration.ofMillis(20),
            Duration.ofMillis(100), Duration.ofSeconds(5), 100_000, 5, Duration.ofSeconds(10));

    private HappyAnswers() {
    }

    /** The sink: each score inserted unless its (happy-call, question) is stored already (the first score stays). */
    public static DurableWriter.Sink<HappyAnswer> sink(HappyCallStore store) {
        return answers -> {
            for (HappyAnswer a : answers) {
                store.saveAnswer(a.happyCallId(), a.questionId(), a.score(), a.at());
            }
        };
    }

    /**
     * The writer of {@code sink} over the journal in {@code spoolDir} (null: no journal, scores wait in memory; tests only),
     * replaying what a previous run left there.
     */
    public static DurableWriter<HappyAnswer> writer(DurableWriter.Sink<HappyAnswer> sink, Path spoolDir, Metrics metrics,
            Clock clock) {
        return Journals.writer(KIND, sink, spoolDir, SPOOL_SUBDIR, HappyAnswerCodec.INSTANCE, metrics, clock, SETTINGS);
    }
}
