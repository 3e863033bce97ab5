package ascc.testsupport.sip;

import java.time.Instant;

/**
 * One SIP message the phone sent or received.
 *
 * @param at        when
 * @param direction IN (received) or OUT (sent)
 * @param method    request method, or for a response the CSeq method
 * @param status    response status code, 0 for a request
 * @param callId    Call-ID of the message
 */
public record SipEvent(Instant at, Direction direction, String method, int status, String callId) {

    /** Which way the message went. */
    public enum Direction { IN, OUT }

    /** Whether this is a request (not a response). */
    public boolean isRequest() {
        return status == 0;
    }

    @Override
    public String toString() {
        return direction + " " + (isRequest() ? method : status + " " + method);
    }
}
