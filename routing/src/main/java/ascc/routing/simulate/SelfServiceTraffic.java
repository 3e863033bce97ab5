package ascc.routing.simulate;

import java.util.Objects;

/**
 * How a traffic profile entry's callers use self-service when their company has it enabled (self-service.yaml): a share of
 * them ask for a repair status and are offered self-service; of those a share is served in the IVR (never reaches a desk:
 * "containment"); the others reach the desk after their time in the IVR. Profile key {@code self-service} (docs/simulator.md).
 *
 * @param repairStatusShare share of the entry's callers who ask for a repair status (offered self-service)
 * @param resolvedShare share of those served in the IVR (hang up satisfied)
 * @param ivrSeconds seconds spent in the self-service menus before hanging up or going on to the desk
 */
public record SelfServiceTraffic(double repairStatusShare, double resolvedShare, Distribution ivrSeconds) {
    /** Nobody is offered self-service. */
    public static final SelfServiceTraffic NONE = new SelfServiceTraffic(0, 0, new Distribution.Fixed(0));

    public SelfServiceTraffic {
        Objects.requireNonNull(ivrSeconds, "ivrSeconds");
        if (ivrSeconds instanceof Distribution.Never) {
            throw new IllegalArgumentException("ivr-seconds must be finite");
        }
        for (double s : new double[] {repairStatusShare, resolvedShare}) {
            if (!(s >= 0 && s <= 1)) {
                throw new IllegalArgumentException("self-service shares must be in [0, 1], got " + s);
            }
        }
    }

    /** Whether any caller is offered self-service. */
    public boolean any() {
        return repairStatusShare > 0;
    }
}
