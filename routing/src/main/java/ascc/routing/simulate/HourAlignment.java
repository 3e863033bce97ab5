package ascc.routing.simulate;

import ascc.routing.config.CenterConfig;
import ascc.routing.config.StaffingConfig;
import ascc.routing.config.TimeRange;
import ascc.routing.config.WeeklyHours;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Static helpers of {@link Simulator}: whether the configuration changes only on the hour (then the router's decision can
 * be memoized per hour, else per minute), and the search of the traffic's cumulative rates.
 */
final class HourAlignment {
    private HourAlignment() {
    }

    /** True when every opening range of hours.yaml starts and ends on the hour. */
    static boolean hoursOnTheHour(CenterConfig cfg) {
        List<WeeklyHours> all = new ArrayList<>(cfg.hours().byCompany().values());
        all.addAll(cfg.hours().byDesk().values());
        all.add(cfg.hours().defaults());
        for (WeeklyHours w : all) {
            for (List<TimeRange> day : w.days().values()) {
                for (TimeRange r : day) {
                    if (r.from().getMinute() != 0 || r.from().getSecond() != 0
                            || (!r.to().equals(LocalTime.MAX) && (r.to().getMinute() != 0 || r.to().getSecond() != 0))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** True when every peak staffing schedule starts and ends on the hour. */
    static boolean staffingOnTheHour(StaffingConfig s) {
        for (StaffingConfig.Schedule x : s.schedules()) {
            for (List<TimeRange> day : x.hours().days().values()) {
                for (TimeRange r : day) {
                    if (r.from().getMinute() != 0 || (!r.to().equals(LocalTime.MAX) && r.to().getMinute() != 0)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The first index whose cumulative rate exceeds {@code u} (an entry with calls this hour). */
    static int firstAbove(double[] cum, int n, double u) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cum[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
