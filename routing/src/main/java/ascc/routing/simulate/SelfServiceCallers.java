package ascc.routing.simulate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Which simulated callers use self-service (see {@link SelfServiceTraffic}): the profile says how an entry's callers use it, the
 * conf/'s self-service.yaml which companies offer it. Draws from its own random stream, four numbers per call of a profile
 * with self-service whether or not the company offers it, so a run with self-service and one without see the same calls.
 */
final class SelfServiceCallers {
    /** Served in the IVR: never reaches the desk. */
    static final long RESOLVED = -1;

    private final SelfServiceTraffic[] byEntry;
    private final boolean[] enabled;
    private final SplittableRandom draws;

    private SelfServiceCallers(SelfServiceTraffic[] byEntry, boolean[] enabled, long seed) {
        this.byEntry = byEntry;
        this.enabled = enabled;
        this.draws = new SplittableRandom(seed);
    }

    /** For {@code spec}, or null when its profile offers self-service to nobody (then nothing changes and nothing is drawn). */
    static SelfServiceCallers of(SimulationSpec spec, List<String> companyIds, long seed) {
        if (!spec.profile().hasSelfService()) {
            return null;
        }
        boolean[] on = new boolean[companyIds.size() + 1]; // the last: unknown company, never
        for (int i = 0; i < companyIds.size(); i++) {
            on[i] = spec.selfService().enabled(companyIds.get(i)).isPresent();
        }
        return new SelfServiceCallers(spec.profile().selfService().toArray(SelfServiceTraffic[]::new), on, seed);
    }

    /**
     * The next caller of profile entry {@code entry} calling company index {@code company}: 0 when not offered self-service,
     * {@link #RESOLVED} when served in the IVR, else the milliseconds in the IVR before it joins the desk's queue.
     */
    long decide(int entry, int company) {
        double uAsk = draws.nextDouble();
        double uResolved = draws.nextDouble();
        double i1 = draws.nextDouble();
        double i2 = draws.nextDouble();
        SelfServiceTraffic s = byEntry[entry];
        if (!enabled[company] || !(uAsk < s.repairStatusShare())) {
            return 0;
        }
        return uResolved < s.resolvedShare() ? RESOLVED : Math.max(1, (long) (s.ivrSeconds().sample(i1, i2) * 1000));
    }
}
