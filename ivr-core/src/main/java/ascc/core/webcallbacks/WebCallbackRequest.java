package ascc.core.webcallbacks;

import ascc.core.callbacks.CallbackRequest;
import ascc.routing.Phones;
import ascc.routing.callbacks.AfterHoursCallbackStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * A callback request from outside a call ({@code POST /api/callbacks}, the public form): journaled before it is answered,
 * then stored in {@code callback_request} as a scheduled callback (PENDING, due at {@code dueAt}) and dialed like an
 * after-hours callback: a place holder joins the desk's queue with the web priority, the agent first, then the customer.
 *
 * @param id the request's id, also its callback id (digits and a dot, like a linked id, so it can name the place holder)
 * @param integration the integration's name (overflow.yaml web-callbacks), {@code form} for the public form
 * @param channel web, sms or email
 * @param companyId the company
 * @param deskId the desk that calls back (by category, else the general desk)
 * @param queueName that desk's queue
 * @param number the national digits to call (never logged unmasked)
 * @param category the product category asked about, or null
 * @param windowStart the start of the preferred time window, or null (as soon as possible)
 * @param windowEnd its end, or null
 * @param requestedAt when the request arrived
 * @param dueAt when it is dialed: the window's start, or the request time
 */
public record WebCallbackRequest(String id, String integration, String channel, String companyId, String deskId, String queueName,
        String number, String category, Instant windowStart, Instant windowEnd, Instant requestedAt, Instant dueAt) {

    public WebCallbackRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(number, () -> "number (id=" + id + ")");
        Objects.requireNonNull(requestedAt, () -> "requestedAt (id=" + id + ")");
        Objects.requireNonNull(dueAt, () -> "dueAt (id=" + id + ")");
    }

    /** The callback the dialer serves (after-hours lifecycle: PENDING until due). */
    public CallbackRequest callback() {
        return new CallbackRequest(id, companyId, deskId, queueName, number, requestedAt, dueAt, AfterHoursCallbackStatus.PENDING);
    }

    @Override
    public String toString() {
        return "WebCallbackRequest[" + id + ", " + channel + " via " + integration + ", company=" + companyId + ", desk=" + deskId
                + ", number=" + Phones.mask(number) + ", category=" + category + ", window=" + windowStart + ".." + windowEnd
                + ", due=" + dueAt + "]";
    }
}
