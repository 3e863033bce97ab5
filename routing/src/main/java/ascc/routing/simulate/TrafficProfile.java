package ascc.routing.simulate;

import ascc.routing.config.Category;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Simulated traffic: who calls, when, for how long and how patiently. Read from a profile file by ivr-core
 * ({@code ivr simulate run --profile FILE}) or derived from call history.
 *
 * @param entries the callers' groups; a call belongs to one entry
 * @param pauses how agents pause (breaks), or none
 * @param selfService per entry (same order), how its callers use self-service where their company has it enabled; empty when
 *     the profile says nothing about self-service (then nobody is offered it, and the run is exactly as without it)
 */
public record TrafficProfile(List<Entry> entries, Pauses pauses, List<SelfServiceTraffic> selfService) {
    /** Hours in a week; index 0 is Monday 00:00-01:00 in the center's time zone. */
    public static final int WEEK_HOURS = 168;

    public TrafficProfile {
        entries = List.copyOf(entries);
        Objects.requireNonNull(pauses, "pauses");
        selfService = List.copyOf(selfService);
        if (!selfService.isEmpty() && selfService.size() != entries.size()) {
            throw new IllegalArgumentException("self-service needs one value per entry (" + entries.size() + "), got "
                    + selfService.size());
        }
    }

    /** A profile without self-service. */
    public TrafficProfile(List<Entry> entries, Pauses pauses) {
        this(entries, pauses, List.of());
    }

    /** Whether some entry's callers are offered self-service. */
    public boolean hasSelfService() {
        return selfService.stream().anyMatch(SelfServiceTraffic::any);
    }

    /**
     * One group of callers.
     *
     * @param name shown in problems and progress, e.g. {@code company hanbit}
     * @param company the company called; empty with {@code category} set (spread over the companies that enroll it) or for
     *     calls of unknown companies (both empty: the general desk)
     * @param category the category; empty for a company entry (spread over its categories by {@code categoryShares}, equal
     *     shares when empty)
     * @param categoryShares for a company entry: its categories' shares of its calls (any positive weights)
     * @param callsPerHour calls per hour for each hour of the week ({@link #WEEK_HOURS} values, Monday 00:00 first)
     * @param handle talk time in seconds (wrap-up comes from desks.yaml)
     * @param patience how long a caller waits in the queue before hanging up
     * @param vipShare share of callers who dial from a VIP number of their company (companies.yaml {@code vip})
     * @param repeatShare share of callers who called within engine.yaml {@code repeat-caller-days}
     * @param callbackAccept share of callers who accept a callback offered by an overflow step
     * @param callbackAnswer share of callbacks the customer answers
     */
    public record Entry(String name, Optional<String> company, Optional<Category> category, Map<Category, Double> categoryShares,
            double[] callsPerHour, Distribution handle, Distribution patience, double vipShare, double repeatShare,
            double callbackAccept, double callbackAnswer) {
        public Entry {
            Objects.requireNonNull(name, "name");
            categoryShares = Map.copyOf(categoryShares);
            if (callsPerHour.length != WEEK_HOURS) {
                throw new IllegalArgumentException(name + ": calls per hour needs " + WEEK_HOURS + " values, got " + callsPerHour.length);
            }
            callsPerHour = callsPerHour.clone();
            for (double r : callsPerHour) {
                if (!(r >= 0) || Double.isInfinite(r)) {
                    throw new IllegalArgumentException(name + ": calls per hour must be >= 0, got " + r);
                }
            }
            for (double s : new double[] {vipShare, repeatShare, callbackAccept, callbackAnswer}) {
                if (!(s >= 0 && s <= 1)) {
                    throw new IllegalArgumentException(name + ": shares must be in [0, 1], got " + s);
                }
            }
        }

        /** Calls a week. */
        public double callsPerWeek() {
            double s = 0;
            for (double r : callsPerHour) {
                s += r;
            }
            return s;
        }
    }

    /**
     * Agents' breaks: each agent on duty pauses {@code minutesPerHour} minutes once in every hour, at a random minute (after
     * the call in progress, as a phone's pause code does); 0 for none.
     */
    public record Pauses(double minutesPerHour) {
        public static final Pauses NONE = new Pauses(0);

        public Pauses {
            if (!(minutesPerHour >= 0 && minutesPerHour < 60)) {
                throw new IllegalArgumentException("pause minutes per hour must be in [0, 60), got " + minutesPerHour);
            }
        }
    }
}
