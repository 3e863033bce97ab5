package ascc.core.happycall;

import ascc.routing.Phones;
import ascc.routing.campaign.CallWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * One outbound call the engine asks a {@link Dialer} to place: whom, for which company, which AGI script runs once the
 * customer answers, and when the call may start. {@link #toString()} masks the number.
 *
 * @param requestId the caller's id for this call (a happy-call: {@code happy-<id>}); a dialer places it at most once
 * @param phone the customer's full number (only for dialing; never log it unmasked)
 * @param company company id the call is made for (caller id, pacing, billing: happy-calls are never billable)
 * @param campaign campaign id of the company ({@code happy-call})
 * @param script the FastAGI script the answered call runs ({@code happy-call})
 * @param variables channel variables the script reads (e.g. {@code ASCC_HAPPY_CALL}); the first AGI argument is
 *     {@code variables.get(ARG)} when present
 * @param notBefore the earliest start
 * @param window the call window the call must start in (never on a holiday of the center)
 * @param zone the window's time zone
 * @param billable false for happy-calls
 */
public record OutboundRequest(String requestId, String phone, String company, String campaign, String script,
        Map<String, String> variables, Instant notBefore, CallWindow window, ZoneId zone, boolean billable) {
    /** Key in {@link #variables()} of the first AGI argument. */
    public static final String ARG = "AGI_ARG_1";

    public OutboundRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(zone, "zone");
        variables = Map.copyOf(variables);
    }

    @Override
    public String toString() {
        return "OutboundRequest[" + requestId + ", phone=" + Phones.mask(phone) + ", company=" + company + ", campaign=" + campaign
                + ", script=" + script + ", variables=" + variables + ", notBefore=" + notBefore + ", window=" + window
                + ", billable=" + billable + "]";
    }
}
