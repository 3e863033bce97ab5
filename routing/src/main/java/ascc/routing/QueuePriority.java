package ascc.routing;

import ascc.routing.config.Company;
import ascc.routing.config.Priorities;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Decides a call's queue priority from the center's {@link Priorities}: the highest rule that applies wins. Pure. */
public final class QueuePriority {
    private QueuePriority() {
    }

    /**
     * A priority and why.
     *
     * @param level 0 normal, higher answered first
     * @param why rule text, e.g. {@code VIP caller of hanbit}; empty for 0
     */
    public record Result(int level, String why) {
    }

    /**
     * @param company the call's company, if known
     * @param callerNumber the caller's number (compared in national form: {@code +8210...} equals {@code 010...})
     * @param inquiry this call's inquiry type, if chosen
     * @param recent the recent callers index (this call is not in it yet)
     * @param now when the call arrived
     */
    public static Result decide(Priorities rules, Optional<Company> company, String callerNumber, Optional<InquiryType> inquiry,
            RecentCallers recent, Instant now) {
        String key = RecentCallers.key(callerNumber);
        if (key == null) {
            return new Result(0, "");
        }
        Result best = new Result(0, "");
        if (company.isPresent() && rules.vipPriority() > 0
                && company.get().vip().stream().anyMatch(v -> key.equals(RecentCallers.key(v)))) {
            best = new Result(rules.vipPriority(), "VIP caller of " + company.get().id());
        }
        if (rules.repeatCallerDays() > 0 && recent != null) {
            Optional<RecentCallers.LastCall> last = recent.since(callerNumber, now.minus(Duration.ofDays(rules.repeatCallerDays())));
            if (last.isPresent()) {
                boolean fault = inquiry.isPresent() && inquiry.get() == InquiryType.FAULT
                        && InquiryType.FAULT.id().equals(last.get().inquiryType());
                Result repeat = fault
                        ? new Result(rules.repeatFaultPriority(), "repeat fault report within " + rules.repeatCallerDays()
                                + " days (last call " + last.get().at() + ")")
                        : new Result(rules.repeatCallerPriority(), "repeat caller within " + rules.repeatCallerDays()
                                + " days (last call " + last.get().at() + ")");
                if (repeat.level() > best.level()) {
                    best = repeat;
                }
            }
        }
        return best;
    }
}
