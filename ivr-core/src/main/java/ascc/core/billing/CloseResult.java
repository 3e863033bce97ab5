package ascc.core.billing;

/**
 * The outcome of closing a month.
 *
 * @param summary the program summary (as stored)
 * @param alreadyClosed true when the month had been closed before: nothing was computed or written
 * @param adjustedCompanies companies with an adjustment line for late usage
 * @param millis how long the close took
 */
public record CloseResult(ProgramSummary summary, boolean alreadyClosed, int adjustedCompanies, long millis) {
}
