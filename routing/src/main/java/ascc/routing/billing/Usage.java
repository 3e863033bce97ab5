package ascc.routing.billing;

/**
 * What one company used in one month (or a difference of two such counts, for adjustments).
 *
 * @param offered inbound calls for the company
 * @param answered calls an agent answered (the tier is chosen by these)
 * @param abandoned callers who hung up in the IVR or in the queue
 * @param afterHours calls that came while the center or desk was closed
 * @param callbacks callbacks requested
 * @param voicemail voicemails left
 * @param talkMs talk time in milliseconds
 * @param happyCalls happy calls placed (free)
 * @param surveyAttempted survey calls attempted (not billed)
 * @param surveyCompleted completed survey responses (billed after the allowance)
 */
public record Usage(long offered, long answered, long abandoned, long afterHours, long callbacks, long voicemail,
        long talkMs, long happyCalls, long surveyAttempted, long surveyCompleted) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public Usage plus(Usage o) {
        return new Usage(offered + o.offered, answered + o.answered, abandoned + o.abandoned, afterHours + o.afterHours,
                callbacks + o.callbacks, voicemail + o.voicemail, talkMs + o.talkMs, happyCalls + o.happyCalls,
                surveyAttempted + o.surveyAttempted, surveyCompleted + o.surveyCompleted);
    }

    public Usage minus(Usage o) {
        return plus(new Usage(-o.offered, -o.answered, -o.abandoned, -o.afterHours, -o.callbacks, -o.voicemail, -o.talkMs,
                -o.happyCalls, -o.surveyAttempted, -o.surveyCompleted));
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    /** The same counts with the survey figures replaced (they come from the campaign tables, not from call records). */
    public Usage withSurveys(long happy, long attempted, long completed) {
        return new Usage(offered, answered, abandoned, afterHours, callbacks, voicemail, talkMs, happy, attempted, completed);
    }

    /** Talk time in whole minutes, rounded half up (display only; minutes are not billed). */
    public long talkMinutes() {
        return Money.productHalfUp(60_000, talkMs);
    }
}
