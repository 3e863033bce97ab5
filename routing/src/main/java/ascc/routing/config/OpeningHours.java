package ascc.routing.config;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When the center answers: default weekly hours, per-company and per-desk overrides,
 * public holidays and one-off closures. A call is served only when both its company
 * and its desk are open.
 */
public record OpeningHours(
        WeeklyHours defaults,
        Map<String, WeeklyHours> byCompany,
        Map<String, WeeklyHours> byDesk,
        List<Holiday> holidays,
        List<Closure> closures,
        AfterHours afterHoursDefault,
        Map<String, AfterHours> afterHoursByCompany) {

    /** Hours without after-hours choices: every company offers a callback. */
    public OpeningHours(WeeklyHours defaults, Map<String, WeeklyHours> byCompany, Map<String, WeeklyHours> byDesk,
            List<Holiday> holidays, List<Closure> closures) {
        this(defaults, byCompany, byDesk, holidays, closures, AfterHours.CALLBACK, Map.of());
    }

    public OpeningHours {
        afterHoursDefault = afterHoursDefault == null ? AfterHours.CALLBACK : afterHoursDefault;
        afterHoursByCompany = Map.copyOf(afterHoursByCompany);
        byCompany = Map.copyOf(byCompany);
        byDesk = Map.copyOf(byDesk);
        holidays = List.copyOf(holidays);
        closures = List.copyOf(closures);
    }

    /** The company's weekly hours; the default hours for a company without its own (or a null id). */
    public WeeklyHours forCompany(String companyId) {
        return companyId == null ? defaults : byCompany.getOrDefault(companyId, defaults);
    }

    /** The desk's weekly hours; the default hours for a desk without its own (or a null id). */
    public WeeklyHours forDesk(String deskId) {
        return deskId == null ? defaults : byDesk.getOrDefault(deskId, defaults);
    }

    /** What a caller of {@code companyId} is offered when the center is closed. */
    public AfterHours afterHours(String companyId) {
        return companyId == null ? afterHoursDefault : afterHoursByCompany.getOrDefault(companyId, afterHoursDefault);
    }

    /** How many days ahead {@link #callbackDue} looks for an opening. */
    public static final int CALLBACK_LOOKAHEAD_DAYS = 31;

    /**
     * When an after-hours callback requested at {@code at} is due: the next opening of the company and the desk (in
     * {@code zone}, looking {@value #CALLBACK_LOOKAHEAD_DAYS} days ahead), else one day after the request.
     */
    public java.time.Instant callbackDue(String companyId, String deskId, java.time.Instant at, java.time.ZoneId zone) {
        return nextOpening(companyId, deskId, at.atZone(zone), CALLBACK_LOOKAHEAD_DAYS).map(ZonedDateTime::toInstant)
                .orElse(at.plus(java.time.Duration.ofDays(1)));
    }

    /**
     * The first moment at or after {@code from} when both the company and the desk are open (no holiday, no
     * closure), looking {@code days} days ahead; empty when there is none. Candidates are {@code from} itself and
     * the start of every range of the company's and the desk's hours, so the answer is exact to the minute.
     */
    public java.util.Optional<ZonedDateTime> nextOpening(String companyId, String deskId, ZonedDateTime from, int days) {
        if (closedReason(companyId, deskId, from) == null) {
            return java.util.Optional.of(from);
        }
        java.util.TreeSet<ZonedDateTime> candidates = new java.util.TreeSet<>();
        for (int i = 0; i <= days; i++) {
            LocalDate day = from.toLocalDate().plusDays(i);
            List<WeeklyHours> weeks = deskId == null ? List.of(forCompany(companyId))
                    : List.of(forCompany(companyId), forDesk(deskId));
            for (WeeklyHours w : weeks) {
                for (TimeRange r : w.days().getOrDefault(day.getDayOfWeek(), List.of())) {
                    ZonedDateTime t = day.atTime(r.from()).atZone(from.getZone());
                    if (t.isAfter(from)) {
                        candidates.add(t);
                    }
                }
            }
        }
        for (ZonedDateTime t : candidates) {
            if (closedReason(companyId, deskId, t) == null) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }

    public Set<LocalDate> holidayDates() {
        return holidays.stream().map(Holiday::date).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Why the center is closed for this company and desk at {@code at} (a local time in the center's
     * zone), or null when open. A null company (not yet known) is checked against holidays, center-wide
     * closures and the desk's hours only.
     */
    public String closedReason(String companyId, String deskId, ZonedDateTime at) {
        LocalDate day = at.toLocalDate();
        for (Holiday h : holidays) {
            if (h.date().equals(day)) {
                return "holiday " + day + " (" + h.name() + ")";
            }
        }
        for (Closure c : closures) {
            if (c.date().equals(day) && (c.company().isEmpty() || c.company().get().equals(companyId))) {
                return "closure " + day + " (" + c.reason() + ")";
            }
        }
        if (companyId != null && !forCompany(companyId).isOpen(at.getDayOfWeek(), at.toLocalTime())) {
            return "outside opening hours of company " + companyId;
        }
        if (deskId != null && !forDesk(deskId).isOpen(at.getDayOfWeek(), at.toLocalTime())) {
            return "outside opening hours of desk " + deskId;
        }
        return null;
    }
}
