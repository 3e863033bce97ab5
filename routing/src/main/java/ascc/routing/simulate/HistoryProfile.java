package ascc.routing.simulate;

import ascc.routing.calls.CallOutcome;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.report.ReportCall;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A traffic profile from recorded calls ({@code call_record} over a date range): per company the calls per hour of the week
 * (count / how often that hour occurred in the range), its categories' shares from the desks its calls reached, handle times
 * from answered calls' talk times and patience from the waits, as observed values.
 *
 * <p>Patience is censored: an answered caller's patience is only known to exceed their wait. It is estimated with the
 * Kaplan-Meier estimator (abandons are events, answered calls censored at their wait) and turned into 100 equally likely
 * values (quantiles); the mass the estimator leaves beyond the longest observed wait (callers who would have waited longer
 * than anyone did) is "never hangs up".
 */
public final class HistoryProfile {
    /** Fewer answered calls than this and a company's handle times are the center's. */
    static final int MIN_OWN = 30;
    private static final int QUANTILES = 100;

    private HistoryProfile() {
    }

    /** The profile of {@code calls}, which entered in {@code [from, to)}. */
    public static TrafficProfile from(List<ReportCall> calls, Instant from, Instant to, ZoneId zone, CenterConfig cfg) {
        int[] occurrences = new int[TrafficProfile.WEEK_HOURS];
        for (Instant h = from; h.isBefore(to); h = h.plusSeconds(3600)) {
            occurrences[hourOfWeek(h, zone)]++;
        }
        Map<String, List<ReportCall>> byCompany = new LinkedHashMap<>();
        for (ReportCall c : calls) {
            if (c.outcome() == CallOutcome.ABANDONED_IVR && c.companyId() == null) {
                continue; // hung up in the menus before any routing: nothing to simulate
            }
            byCompany.computeIfAbsent(c.companyId() == null || !cfg.companies().containsKey(c.companyId()) ? "" : c.companyId(),
                    k -> new ArrayList<>()).add(c);
        }
        Distribution centerHandle = handle(calls);
        Distribution centerPatience = patience(calls);
        List<TrafficProfile.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, List<ReportCall>> e : byCompany.entrySet()) {
            double[] rate = new double[TrafficProfile.WEEK_HOURS];
            Map<Category, Double> shares = new EnumMap<>(Category.class);
            Company company = e.getKey().isEmpty() ? null : cfg.companies().get(e.getKey());
            for (ReportCall c : e.getValue()) {
                int h = hourOfWeek(c.enteredAt(), zone);
                rate[h] += 1.0 / Math.max(1, occurrences[h]);
                if (company != null && c.deskId() != null && cfg.desks().containsKey(c.deskId())) {
                    for (Category cat : company.categories()) {
                        if (cfg.desks().get(c.deskId()).categories().contains(cat)) {
                            shares.merge(cat, 1.0, Double::sum);
                            break;
                        }
                    }
                }
            }
            long answered = e.getValue().stream().filter(c -> c.outcome() == CallOutcome.ANSWERED).count();
            Distribution handle = answered >= MIN_OWN ? handle(e.getValue()) : centerHandle;
            entries.add(new TrafficProfile.Entry(company == null ? "unknown company" : "company " + company.id(),
                    Optional.ofNullable(company).map(Company::id), Optional.empty(), shares, rate, handle, centerPatience, 0, 0, 0.5,
                    0.9));
        }
        return new TrafficProfile(entries, TrafficProfile.Pauses.NONE);
    }

    static int hourOfWeek(Instant t, ZoneId zone) {
        ZonedDateTime z = t.atZone(zone);
        return (z.getDayOfWeek().getValue() - 1) * 24 + z.getHour();
    }

    private static Distribution handle(List<ReportCall> calls) {
        double[] v = calls.stream().filter(c -> c.outcome() == CallOutcome.ANSWERED && c.talkMs() != null)
                .mapToDouble(c -> c.talkMs() / 1000.0).toArray();
        return v.length == 0 ? new Distribution.Exponential(240) : new Distribution.Empirical(v);
    }

    /** Kaplan-Meier patience from queue waits: abandons are events, answered calls are censored at their wait. */
    static Distribution patience(List<ReportCall> calls) {
        List<double[]> obs = new ArrayList<>(); // {wait seconds, 1 = abandoned}
        for (ReportCall c : calls) {
            if (c.outcome() == CallOutcome.ABANDONED_QUEUE) {
                obs.add(new double[] {wait(c), 1});
            } else if (c.outcome() == CallOutcome.ANSWERED) {
                obs.add(new double[] {wait(c), 0});
            }
        }
        if (obs.stream().noneMatch(o -> o[1] == 1)) {
            return new Distribution.Never();
        }
        obs.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(b[1], a[1])); // events before censored
        int atRisk = obs.size();
        double survival = 1;
        List<double[]> steps = new ArrayList<>(); // {time, survival after}
        int i = 0;
        while (i < obs.size()) {
            double t = obs.get(i)[0];
            int events = 0;
            int leaving = 0;
            while (i < obs.size() && obs.get(i)[0] == t) {
                events += (int) obs.get(i)[1];
                leaving++;
                i++;
            }
            if (events > 0) {
                survival *= 1 - (double) events / atRisk;
                steps.add(new double[] {t, survival});
            }
            atRisk -= leaving;
        }
        double[] q = new double[QUANTILES];
        for (int k = 0; k < QUANTILES; k++) {
            double p = (k + 0.5) / QUANTILES; // F(t) = 1 - S(t) reaches p
            q[k] = Double.POSITIVE_INFINITY;
            for (double[] s : steps) {
                if (1 - s[1] >= p) {
                    q[k] = s[0];
                    break;
                }
            }
        }
        Arrays.sort(q);
        return new Distribution.Empirical(q);
    }

    private static double wait(ReportCall c) {
        return c.waitMs() == null ? 0 : Math.max(0, c.waitMs()) / 1000.0;
    }
}
