package ascc.testsupport.sipp;

import ascc.testsupport.pii.HarnessMasking;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a SIPp run ended.
 *
 * @param exitCode        SIPp's exit code (see {@link #exitMeaning()}); -1 when it was killed after the timeout
 * @param timedOut        whether the driver had to kill SIPp because it ran past the timeout
 * @param successfulCalls cumulative "Successful call" count from the final statistics, -1 if unknown
 * @param failedCalls     cumulative "Failed call" count from the final statistics, -1 if unknown
 * @param stderrTail      last lines SIPp wrote to stderr
 * @param errorsTail      last lines of the -trace_err file (unexpected messages), "" if none
 * @param workDir         directory with the scenario, screen, statistics and error files
 * @param command         the command line that was run
 * @param elapsed         wall time of the run
 */
public record SippResult(int exitCode, boolean timedOut, long successfulCalls, long failedCalls, String stderrTail,
                         String errorsTail, Path workDir, List<String> command, Duration elapsed) {

    public SippResult {
        command = List.copyOf(command);
    }

    /** Exit code 0 and not timed out: every call succeeded. */
    public boolean allSucceeded() {
        return !timedOut && exitCode == 0;
    }

    /** SIPp's documented meaning of the exit code. */
    public String exitMeaning() {
        if (timedOut) {
            return "killed after timeout";
        }
        return switch (exitCode) {
            case 0 -> "all calls were successful";
            case 1 -> "at least one call failed";
            case 97 -> "exit on internal command, calls may have been processed";
            case 99 -> "normal exit without calls processed";
            case 255, -1 -> "fatal error";
            case 254, -2 -> "fatal error binding a socket";
            default -> "unknown exit code";
        };
    }

    /** Everything useful for an assertion message. */
    public String describe() {
        return "sipp exit " + exitCode + " (" + exitMeaning() + "), successful=" + successfulCalls + ", failed=" + failedCalls
            + ", elapsed=" + elapsed.toMillis() + " ms, dir=" + workDir
            + (stderrTail.isBlank() ? "" : "\n--- stderr ---\n" + stderrTail)
            + (errorsTail.isBlank() ? "" : "\n--- errors ---\n" + errorsTail);
    }

    @Override
    public String toString() {
        return HarnessMasking.mask(describe());
    }
}
