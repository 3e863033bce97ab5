package ascc.routing.campaign;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One campaign of one company, from {@code campaigns.yaml}.
 *
 * @param company company id (companies.yaml)
 * @param id campaign id, unique within the company
 * @param kind survey or happy-call
 * @param questions 1..9 questions, asked in order
 * @param schedule Quartz cron expression (6 or 7 fields) of when the campaign's dialing job runs
 * @param window when customers may be called (center time zone, never on holidays)
 * @param pacing per-campaign concurrency and calls per second
 * @param retries retry rule per result; results without a rule are not retried
 * @param endDate last day (inclusive, center time zone) anything is dialed; empty for open-ended (happy-calls)
 * @param happyCall rules of a happy-call campaign; empty for a survey
 */
public record Campaign(String company, String id, CampaignKind kind, List<Question> questions, String schedule, CallWindow window,
        Pacing pacing, Map<AttemptResult, RetryRule> retries, Optional<LocalDate> endDate, Optional<HappyCallRules> happyCall) {

    public Campaign {
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(pacing, "pacing");
        questions = List.copyOf(questions);
        retries = retries.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(retries));
        Objects.requireNonNull(endDate, "endDate");
        Objects.requireNonNull(happyCall, "happyCall");
        if ((kind == CampaignKind.HAPPY_CALL) != happyCall.isPresent()) {
            throw new IllegalArgumentException("happy-call rules are required for, and only for, a happy-call campaign (company="
                    + company + ", id=" + id + ", kind=" + kind + ")");
        }
    }

    /** The retry policy of this campaign. */
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(retries);
    }

    /** {@code company/id}, for logs and messages. */
    public String key() {
        return company + "/" + id;
    }
}
