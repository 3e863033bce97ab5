package ascc.routing.selfservice;

import ascc.routing.config.OpeningHours;
import ascc.routing.config.TimeRange;
import ascc.routing.config.WeeklyHours;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the self-service "opening hours" item says, worked out from hours.yaml at the moment of the call (never a recording
 * that goes stale): open now and until when, or when it opens next.
 *
 * @param openNow whether the company and desk are open now
 * @param at open now: when they close (the end of the current range); closed: when they open next
 */
public record HoursReadOut(boolean openNow, ZonedDateTime at) {
    /** How far ahead the next opening is looked for. */
    public static final int LOOKAHEAD_DAYS = 14;

    /**
     * The read-out for a caller of {@code companyId} on {@code deskId} at {@code now}; empty when closed with no opening
     * within {@value #LOOKAHEAD_DAYS} days.
     */
    public static Optional<HoursReadOut> of(OpeningHours hours, String companyId, String deskId, ZonedDateTime now) {
        if (hours.closedReason(companyId, deskId, now) == null) {
            List<WeeklyHours> weeks = new ArrayList<>(List.of(hours.forCompany(companyId)));
            if (deskId != null) {
                weeks.add(hours.forDesk(deskId));
            }
            ZonedDateTime end = now.toLocalDate().plusDays(1).atStartOfDay(now.getZone());
            LocalTime t = now.toLocalTime();
            for (WeeklyHours w : weeks) {
                for (TimeRange r : w.days().getOrDefault(now.getDayOfWeek(), List.of())) {
                    if (r.contains(t) && !r.to().equals(LocalTime.MAX)) {
                        ZonedDateTime e = now.toLocalDate().atTime(r.to()).atZone(now.getZone());
                        end = e.isBefore(end) ? e : end;
                    }
                }
            }
            return Optional.of(new HoursReadOut(true, end));
        }
        return hours.nextOpening(companyId, deskId, now, LOOKAHEAD_DAYS).map(t -> new HoursReadOut(false, t));
    }
}
