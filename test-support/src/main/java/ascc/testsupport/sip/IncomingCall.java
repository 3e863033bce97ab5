package ascc.testsupport.sip;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import javax.sip.Dialog;
import javax.sip.ServerTransaction;

/**
 * One INVITE a {@link TestPhone} received. What the INVITE carried is fixed; the call's state moves on as the
 * phone answers, the far end ACKs, and either side hangs up. Thread-safe.
 */
public final class IncomingCall {

    /** Where the call is. REJECTED, CANCELLED and ENDED are final. */
    public enum State {
        /** 180 Ringing sent, not answered yet. */
        RINGING,
        /** 200 OK sent, no ACK yet. */
        ANSWERED,
        /** ACK received: the call is up. */
        CONFIRMED,
        /** The phone answered with a 4xx-6xx. */
        REJECTED,
        /** The caller sent CANCEL before the call was answered (phone answered 487). */
        CANCELLED,
        /** BYE sent or received after the call was up. */
        ENDED;

        /** Whether no further state follows. */
        public boolean isFinal() {
            return this == REJECTED || this == CANCELLED || this == ENDED;
        }
    }

    private final String phoneUser;
    private final String callId;
    private final String from;
    private final String fromUser;
    private final String to;
    private final String requestUri;
    private final Map<String, List<String>> headers;
    private final String sdpOffer;
    private final Instant receivedAt;
    private final Clock clock;

    final ServerTransaction inviteTransaction;
    final String toTag;

    private Dialog dialog;
    private RtpSession rtp;
    private State state = State.RINGING;
    private Instant answeredAt;
    private Instant confirmedAt;
    private Instant endedAt;
    private String endReason;

    IncomingCall(String phoneUser, String callId, String from, String fromUser, String to, String requestUri,
                 Map<String, List<String>> headers, String sdpOffer, Clock clock, ServerTransaction inviteTransaction,
                 String toTag) {
        this.phoneUser = phoneUser;
        this.callId = callId;
        this.from = from;
        this.fromUser = fromUser;
        this.to = to;
        this.requestUri = requestUri;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(copy);
        this.sdpOffer = sdpOffer;
        this.clock = clock;
        this.receivedAt = clock.instant();
        this.inviteTransaction = inviteTransaction;
        this.toTag = toTag;
    }

    /** The INVITE's Call-ID. */
    public String callId() {
        return callId;
    }

    /** The From header value, e.g. {@code "010..." <sip:0101234567@127.0.0.1>;tag=abc}. */
    public String from() {
        return from;
    }

    /** The user part of the From URI (the caller id), or "" when the URI has none. */
    public String fromUser() {
        return fromUser;
    }

    /** The To header value as received (without the phone's tag). */
    public String to() {
        return to;
    }

    /** The INVITE's Request-URI. */
    public String requestUri() {
        return requestUri;
    }

    /** All headers, names case-insensitive, each with its values in message order. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header (case-insensitive name), e.g. {@code header("X-CC-Company")}. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The SDP body of the INVITE, or "" when it had none. */
    public String sdpOffer() {
        return sdpOffer;
    }

    /** The parsed SDP offer, empty when the INVITE had none. */
    public Optional<SdpInfo> offer() {
        return sdpOffer.isBlank() ? Optional.empty() : Optional.of(SdpInfo.parse(sdpOffer));
    }

    /** When the phone received the INVITE. */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** The phone's user (for messages). */
    public String phoneUser() {
        return phoneUser;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized Optional<Instant> answeredAt() {
        return Optional.ofNullable(answeredAt);
    }

    public synchronized Optional<Instant> confirmedAt() {
        return Optional.ofNullable(confirmedAt);
    }

    public synchronized Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    /** Why the call ended ("remote BYE", "local BYE", "CANCEL", "rejected 486"), empty while it is not final. */
    public synchronized Optional<String> endReason() {
        return Optional.ofNullable(endReason);
    }

    /** RTP packets received from the far end so far (0 before answer). */
    public synchronized long rtpPacketsReceived() {
        return rtp == null ? 0 : rtp.packetsReceived();
    }

    /** DTMF digits received from the far end as RFC 4733 events, in order ("" before answer). */
    public synchronized String receivedDigits() {
        return rtp == null ? "" : rtp.receivedDigits();
    }

    /** RTP packets sent so far (silence and DTMF). */
    public synchronized long rtpPacketsSent() {
        return rtp == null ? 0 : rtp.packetsSent();
    }

    /** Waits until the ACK for the 200 OK arrived (also fine if the call has ended since). */
    public void awaitConfirmed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (confirmedAt == null) {
                if (state.isFinal()) {
                    throw new TestPhoneException("call will not be confirmed: " + describe());
                }
                waitUntil(deadline, "no ACK after " + TestPhone.format(timeout));
            }
        }
    }

    /** Waits until the call reached a final state (ended, rejected or cancelled). */
    public void awaitEnded(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!state.isFinal()) {
                waitUntil(deadline, "call not ended after " + TestPhone.format(timeout));
            }
        }
    }

    private void waitUntil(long deadline, String message) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TestPhoneException(message + " (" + describe() + ")");
        }
        try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestPhoneException("interrupted: " + message + " (" + describe() + ")", e);
        }
    }

    /** State summary for messages. */
    public synchronized String describe() {
        return "phone=" + phoneUser + ", call-id=" + callId + ", from=" + TestPhone.maskNumber(fromUser) + ", state=" + state
            + (endReason == null ? "" : ", end=" + endReason);
    }

    @Override
    public String toString() {
        return "IncomingCall[" + describe() + "]";
    }

    // ---- transitions, used by TestPhone ----

    synchronized Dialog dialog() {
        return dialog;
    }

    synchronized void dialog(Dialog value) {
        this.dialog = value;
    }

    synchronized RtpSession rtp() {
        return rtp;
    }

    synchronized void answered(RtpSession session) {
        this.rtp = session;
        this.state = State.ANSWERED;
        this.answeredAt = clock.instant();
        notifyAll();
    }

    synchronized boolean confirmed() {
        if (state != State.ANSWERED) {
            return false;
        }
        state = State.CONFIRMED;
        confirmedAt = clock.instant();
        notifyAll();
        return true;
    }

    synchronized boolean finish(State finalState, String reason) {
        if (state.isFinal()) {
            return false;
        }
        state = finalState;
        endedAt = clock.instant();
        endReason = reason;
        if (rtp != null) {
            rtp.close();
        }
        notifyAll();
        return true;
    }
}
