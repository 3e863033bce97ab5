package ascc.core.billing;

/**
 * One company's outbound usage in a month, from the campaign feature.
 *
 * @param happyCalls happy calls placed (free)
 * @param surveyAttempted survey calls attempted (not billed)
 * @param surveyCompleted survey responses completed (billed after the allowance)
 */
public record SurveyUsage(long happyCalls, long surveyAttempted, long surveyCompleted) {
    public static final SurveyUsage NONE = new SurveyUsage(0, 0, 0);
}
