package ascc.testsupport.sip;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipListener;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.FromHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIP user agent for tests, playing an agent's phone: registers with digest authentication, rings and answers
 * (automatically or on command) incoming INVITEs with a PCMU + telephone-event SDP, sends RFC 4733 DTMF, hangs up,
 * and records every SIP message it saw. Each phone has its own JAIN-SIP stack on 127.0.0.1:localPort (UDP), so
 * several phones can live in one JVM.
 *
 * <pre>{@code
 * try (TestPhone phone = TestPhone.start("1001", "secret", "127.0.0.1", 5060, 5071)) {
 *     phone.register(Duration.ofSeconds(5));
 *     phone.setAutoAnswer(Duration.ofMillis(500));
 *     IncomingCall call = phone.awaitIncoming(Duration.ofSeconds(10));
 *     call.awaitConfirmed(Duration.ofSeconds(5));
 *     phone.sendDtmf(call, '1');
 *     phone.hangup(call);
 * }
 * }</pre>
 */
public final class TestPhone implements SipListener, AutoCloseable {

    /** The address every phone binds to and advertises. */
    public static final String LOCAL_ADDRESS = "127.0.0.1";
    /** Registration lifetime asked for. */
    public static final int REGISTER_EXPIRES = 3600;

    private static final Logger LOG = LoggerFactory.getLogger(TestPhone.class);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DTMF_TIMEOUT = Duration.ofSeconds(3);

    private final String user;
    private final String registrarHost;
    private final int registrarPort;
    private final int localPort;
    private final String localAddress;
    private final Clock clock;
    private final PhoneSip sip;
    private final ScheduledExecutorService scheduler;

    private volatile boolean registered;
    private volatile Duration autoAnswer;
    private volatile boolean closed;

    private final BlockingQueue<IncomingCall> incoming = new LinkedBlockingQueue<>();
    private final Map<String, IncomingCall> callsById = new ConcurrentHashMap<>();
    private final List<IncomingCall> calls = new CopyOnWriteArrayList<>();

    private TestPhone(String user, String password, String registrarHost, int registrarPort, String localAddress, int localPort,
        Clock clock) throws Exception {
        this.user = user;
        this.localAddress = localAddress;
        this.registrarHost = registrarHost;
        this.registrarPort = registrarPort;
        this.localPort = localPort;
        this.clock = clock;
        this.sip = new PhoneSip(user, password, registrarHost, registrarPort, localAddress, localPort, clock, this::describe);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phone-" + user + "-sched");
            t.setDaemon(true);
            return t;
        });
        sip.start(this);
    }

    /**
     * Starts a phone listening on 127.0.0.1:{@code localPort} (UDP). Does not register yet.
     *
     * @param registrarHost host of the registrar (Asterisk), also the domain of the phone's AOR
     */
    public static TestPhone start(String user, String password, String registrarHost, int registrarPort, int localPort) {
        return start(user, password, registrarHost, registrarPort, localPort, Clock.systemUTC());
    }

    /** As {@link #start(String, String, String, int, int)}, with the clock used for the recorded times. */
    public static TestPhone start(String user, String password, String registrarHost, int registrarPort, int localPort,
                                  Clock clock) {
        return start(user, password, registrarHost, registrarPort, LOCAL_ADDRESS, localPort, clock);
    }

    /**
     * A phone listening on {@code localAddress}:{@code localPort} (UDP), its RTP there too: e.g. a bridge address, for a
     * registrar in a network namespace (ivr-core/bin/netns), which a loopback source cannot reach.
     */
    public static TestPhone start(String user, String password, String registrarHost, int registrarPort, String localAddress,
                                  int localPort, Clock clock) {
        try {
            TestPhone phone = new TestPhone(user, password, registrarHost, registrarPort, localAddress, localPort, clock);
            LOG.info("phone {} listening on {}:{} (registrar {}:{})", user, localAddress, localPort, registrarHost, registrarPort);
            return phone;
        } catch (Exception e) {
            throw new TestPhoneException("cannot start phone " + user + " on " + localAddress + ":" + localPort
                + " (registrar " + registrarHost + ":" + registrarPort + ")", e);
        }
    }

    // ------------------------------------------------------------------ registration

    /** Registers (answering a digest challenge) and waits for the 200 OK. */
    public void register(Duration timeout) {
        Response response = registerWithExpires(REGISTER_EXPIRES, timeout);
        registered = true;
        LOG.info("phone {} registered at {}:{} ({} {})", user, registrarHost, registrarPort, response.getStatusCode(),
            response.getReasonPhrase());
    }

    /** Removes the registration (Expires: 0) and waits for the 200 OK. */
    public void unregister() {
        registerWithExpires(0, RESPONSE_TIMEOUT);
        registered = false;
        LOG.info("phone {} unregistered", user);
    }

    /**
     * Forgets the registration without sending anything: its registrar is gone (e.g. a stopped Asterisk box), so
     * {@link #close()} does not wait {@code RESPONSE_TIMEOUT} for an answer to an unregister that cannot come.
     */
    public void registrarGone() {
        registered = false;
        LOG.info("phone {}: registrar {}:{} gone; registration forgotten", user, registrarHost, registrarPort);
    }

    /** Whether the last REGISTER succeeded and no unregister followed. */
    public boolean isRegistered() {
        return registered;
    }

    private Response registerWithExpires(int expires, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Response response = sip.sendAndAwait(sip.buildRegister(expires), remaining(deadline), "REGISTER");
            int status = response.getStatusCode();
            if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
                Request withAuth = sip.buildRegister(expires);
                withAuth.setHeader(sip.authorization(response, withAuth));
                response = sip.sendAndAwait(withAuth, remaining(deadline), "REGISTER");
                status = response.getStatusCode();
            }
            if (status / 100 != 2) {
                throw new TestPhoneException("REGISTER (expires=" + expires + ") answered " + status + " "
                    + response.getReasonPhrase() + " (" + describe() + ")");
            }
            return response;
        } catch (SipException | java.text.ParseException | InvalidArgumentException e) {
            throw new TestPhoneException("REGISTER (expires=" + expires + ") failed (" + describe() + ")", e);
        }
    }

    // ------------------------------------------------------------------ incoming calls

    /**
     * Answers every new INVITE automatically after {@code delay} (null or negative: back to manual answering).
     */
    public void setAutoAnswer(Duration delay) {
        this.autoAnswer = delay == null || delay.isNegative() ? null : delay;
    }

    /** Takes the next INVITE this phone received (in arrival order) or throws after {@code timeout}. */
    public IncomingCall awaitIncoming(Duration timeout) {
        try {
            IncomingCall call = incoming.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (call == null) {
                throw new TestPhoneException("no INVITE after " + format(timeout) + " (" + describe() + ")");
            }
            return call;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestPhoneException("interrupted waiting for an INVITE (" + describe() + ")", e);
        }
    }

    /** Every call this phone received, in arrival order (including ones already taken by awaitIncoming). */
    public List<IncomingCall> calls() {
        return List.copyOf(calls);
    }

    /** Answers a ringing call with 200 OK + SDP and waits for the ACK. */
    public void answer(IncomingCall call) {
        sendAnswer(call);
        call.awaitConfirmed(ACK_TIMEOUT);
    }

    /** Answers a ringing call with a final error status (e.g. 486 Busy Here, 603 Decline). */
    public void reject(IncomingCall call, int status) {
        if (status < 300 || status > 699) {
            throw new IllegalArgumentException("reject needs a 3xx-6xx status, got " + status);
        }
        synchronized (call) {
            requireState(call, IncomingCall.State.RINGING, "reject");
            try {
                Response response = sip.response(status, call.inviteTransaction.getRequest());
                ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(call.toTag);
                sip.send(call.inviteTransaction, response);
                call.finish(IncomingCall.State.REJECTED, "rejected " + status);
            } catch (java.text.ParseException | SipException | InvalidArgumentException e) {
                throw new TestPhoneException("cannot reject with " + status + " (" + call.describe() + ")", e);
            }
        }
        LOG.info("phone {} rejected call {} with {}", user, call.callId(), status);
    }

    /** Sends BYE on an answered call and waits for the final response. */
    public void hangup(IncomingCall call) {
        Dialog dialog;
        synchronized (call) {
            IncomingCall.State state = call.state();
            if (state != IncomingCall.State.CONFIRMED && state != IncomingCall.State.ANSWERED) {
                throw new TestPhoneException("cannot hang up a call that is not up (" + call.describe() + ")");
            }
            dialog = call.dialog();
            call.finish(IncomingCall.State.ENDED, "local BYE");
        }
        try {
            Request bye = dialog.createRequest(Request.BYE);
            Response response = sip.sendInDialogAndAwait(dialog, bye, RESPONSE_TIMEOUT, "BYE");
            LOG.info("phone {} hung up call {} ({} {})", user, call.callId(), response.getStatusCode(), response.getReasonPhrase());
        } catch (SipException e) {
            throw new TestPhoneException("BYE failed (" + call.describe() + ")", e);
        }
    }

    /** Sends one RFC 4733 DTMF digit (0-9, *, #, A-D) on an answered call; returns once its last packet is sent. */
    public void sendDtmf(IncomingCall call, char digit) {
        RtpSession rtp = call.rtp();
        IncomingCall.State state = call.state();
        if (rtp == null || (state != IncomingCall.State.CONFIRMED && state != IncomingCall.State.ANSWERED)) {
            throw new TestPhoneException("cannot send DTMF '" + digit + "' on a call that is not up (" + call.describe() + ")");
        }
        rtp.sendDtmf(digit, DTMF_TIMEOUT);
        LOG.info("phone {} sent DTMF '{}' on call {} to {}", user, digit, call.callId(), rtp.remote());
    }

    /** Sends each digit of {@code digits} in turn (see {@link #sendDtmf(IncomingCall, char)}). */
    public void sendDtmf(IncomingCall call, String digits) {
        for (char digit : digits.toCharArray()) {
            sendDtmf(call, digit);
        }
    }

    // ------------------------------------------------------------------ what the phone saw

    /** Every SIP message sent or received, in order (retransmissions the stack absorbs are not listed). */
    public List<SipEvent> events() {
        return List.copyOf(sip.events());
    }

    /** Only the messages received, in order. */
    public List<SipEvent> received() {
        return sip.events().stream().filter(e -> e.direction() == SipEvent.Direction.IN).toList();
    }

    /** How many requests of {@code method} (e.g. "INVITE") this phone received. */
    public long receivedRequests(String method) {
        return sip.events().stream()
            .filter(e -> e.direction() == SipEvent.Direction.IN && e.isRequest() && e.method().equalsIgnoreCase(method))
            .count();
    }

    public String user() {
        return user;
    }

    public int localPort() {
        return localPort;
    }

    /** "phone=1001, registered=true, calls=0" for messages. */
    public String describe() {
        return "phone=" + user + ", registered=" + registered + ", calls=" + calls.size();
    }

    // ------------------------------------------------------------------ SipListener

    @Override
    public void processRequest(RequestEvent event) {
        Request request = event.getRequest();
        sip.record(SipEvent.Direction.IN, request);
        try {
            switch (request.getMethod()) {
                case Request.INVITE -> onInvite(event);
                case Request.ACK -> onAck(request);
                case Request.BYE -> onBye(event);
                case Request.CANCEL -> onCancel(event);
                case Request.OPTIONS, Request.INFO, Request.NOTIFY -> sip.respond(event, Response.OK);
                default -> sip.respond(event, Response.NOT_IMPLEMENTED);
            }
        } catch (Exception e) {
            LOG.warn("phone {} failed handling {} (call-id {})", user, request.getMethod(), PhoneSip.callIdOf(request), e);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        sip.onResponse(event);
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        sip.onTimeout(event);
    }

    @Override
    public void processIOException(IOExceptionEvent event) {
        LOG.warn("phone {}: I/O error towards {}:{}/{}", user, event.getHost(), event.getPort(), event.getTransport());
    }

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {
        LOG.trace("phone {}: transaction terminated", user);
    }

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {
        LOG.trace("phone {}: dialog terminated ({})", user, event.getDialog().getCallId().getCallId());
    }

    private void onInvite(RequestEvent event) throws Exception {
        Request request = event.getRequest();
        String callId = PhoneSip.callIdOf(request);
        ToHeader toHeader = (ToHeader) request.getHeader(ToHeader.NAME);
        IncomingCall existing = callsById.get(callId);
        if (existing != null && toHeader.getTag() != null) {
            onReInvite(event, existing);
            return;
        }
        if (existing != null) {
            return;
        }
        ServerTransaction st = sip.serverTransaction(event);
        if (st == null) {
            return;
        }
        FromHeader fromHeader = (FromHeader) request.getHeader(FromHeader.NAME);
        URI fromUri = fromHeader.getAddress().getURI();
        String fromUser = fromUri instanceof SipURI sipUri && sipUri.getUser() != null ? sipUri.getUser() : "";
        IncomingCall call = new IncomingCall(user, callId, PhoneSip.headerValue(fromHeader), fromUser,
            PhoneSip.headerValue(toHeader), request.getRequestURI().toString(), PhoneSip.headersOf(request), PhoneSip.bodyOf(request),
            clock, st, sip.newTag());
        callsById.put(callId, call);
        calls.add(call);
        Response ringing = sip.response(Response.RINGING, request);
        ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(call.toTag);
        ringing.addHeader(sip.contact());
        sip.send(st, ringing);
        call.dialog(st.getDialog());
        LOG.info("phone {} ringing: call {} from {}", user, callId, maskNumber(fromUser));
        incoming.add(call);
        Duration delay = autoAnswer;
        if (delay != null) {
            scheduler.schedule(() -> autoAnswer(call), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void autoAnswer(IncomingCall call) {
        try {
            if (call.state() == IncomingCall.State.RINGING) {
                sendAnswer(call);
            }
        } catch (RuntimeException e) {
            LOG.warn("phone {}: auto-answer failed ({})", user, call.describe(), e);
        }
    }

    private void sendAnswer(IncomingCall call) {
        synchronized (call) {
            requireState(call, IncomingCall.State.RINGING, "answer");
            Request invite = call.inviteTransaction.getRequest();
            SdpInfo offer = call.offer().orElse(null);
            int eventPt = offer == null ? SdpInfo.DEFAULT_TELEPHONE_EVENT_PT : offer.dtmfPayloadType();
            RtpSession rtp = RtpSession.open(user + "-" + shortId(call.callId()), sip.address());
            try {
                Response ok = sip.response(Response.OK, invite);
                ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(call.toTag);
                ok.addHeader(sip.contact());
                ok.setContent(SdpInfo.answer(clock.millis(), localAddress, rtp.localPort(), eventPt), sip.sdpContentType());
                sip.send(call.inviteTransaction, ok);
                call.dialog(call.inviteTransaction.getDialog());
                call.answered(rtp);
                if (offer != null) {
                    rtp.start(new InetSocketAddress(offer.connectionAddress(), offer.audioPort()), eventPt);
                }
            } catch (java.text.ParseException | SipException | InvalidArgumentException | RuntimeException e) {
                rtp.close();
                throw new TestPhoneException("cannot answer (" + call.describe() + ")", e);
            }
        }
        LOG.info("phone {} answered call {}", user, call.callId());
    }

    private void onReInvite(RequestEvent event, IncomingCall call) throws Exception {
        ServerTransaction st = sip.serverTransaction(event);
        if (st == null) {
            return;
        }
        RtpSession rtp = call.rtp();
        if (rtp == null) {
            sip.send(st, sip.response(Response.REQUEST_PENDING, event.getRequest()));
            return;
        }
        String body = PhoneSip.bodyOf(event.getRequest());
        int eventPt = SdpInfo.DEFAULT_TELEPHONE_EVENT_PT;
        if (!body.isBlank()) {
            SdpInfo offer = SdpInfo.parse(body);
            eventPt = offer.dtmfPayloadType();
            rtp.updateRemote(new InetSocketAddress(offer.connectionAddress(), offer.audioPort()));
        }
        Response ok = sip.response(Response.OK, event.getRequest());
        ok.addHeader(sip.contact());
        ok.setContent(SdpInfo.answer(clock.millis(), localAddress, rtp.localPort(), eventPt), sip.sdpContentType());
        sip.send(st, ok);
        LOG.info("phone {} accepted re-INVITE on call {} (media now to {})", user, call.callId(), rtp.remote());
    }

    private void onAck(Request ack) {
        IncomingCall call = callsById.get(PhoneSip.callIdOf(ack));
        if (call == null) {
            return;
        }
        String body = PhoneSip.bodyOf(ack);
        RtpSession rtp = call.rtp();
        if (!body.isBlank() && rtp != null) {
            SdpInfo answer = SdpInfo.parse(body);
            InetSocketAddress remote = new InetSocketAddress(answer.connectionAddress(), answer.audioPort());
            if (rtp.remote() == null) {
                rtp.start(remote, answer.dtmfPayloadType());
            } else {
                rtp.updateRemote(remote);
            }
        }
        if (call.confirmed()) {
            LOG.info("phone {}: call {} confirmed (ACK)", user, call.callId());
        }
    }

    private void onBye(RequestEvent event) throws Exception {
        IncomingCall call = callsById.get(PhoneSip.callIdOf(event.getRequest()));
        if (call == null) {
            sip.respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        sip.respond(event, Response.OK);
        if (call.finish(IncomingCall.State.ENDED, "remote BYE")) {
            LOG.info("phone {}: call {} ended by the far end (BYE)", user, call.callId());
        }
    }

    private void onCancel(RequestEvent event) throws Exception {
        IncomingCall call = callsById.get(PhoneSip.callIdOf(event.getRequest()));
        if (call == null) {
            sip.respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        sip.respond(event, Response.OK);
        synchronized (call) {
            if (call.state() != IncomingCall.State.RINGING) {
                return;
            }
            Response terminated = sip.response(Response.REQUEST_TERMINATED, call.inviteTransaction.getRequest());
            ((ToHeader) terminated.getHeader(ToHeader.NAME)).setTag(call.toTag);
            sip.send(call.inviteTransaction, terminated);
            call.finish(IncomingCall.State.CANCELLED, "CANCEL");
        }
        LOG.info("phone {}: call {} cancelled by the caller", user, call.callId());
    }

    // ------------------------------------------------------------------ helpers

    private static void requireState(IncomingCall call, IncomingCall.State expected, String action) {
        if (call.state() != expected) {
            throw new TestPhoneException("cannot " + action + ": call is " + call.state() + ", needs " + expected + " ("
                + call.describe() + ")");
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(1_000_000L, deadlineNanos - System.nanoTime()));
    }

    private static String shortId(String callId) {
        return callId.length() <= 8 ? callId : callId.substring(0, 8);
    }

    /** "10 s" for whole seconds, else "1500 ms". */
    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Masks a phone number for logs: first 3 and last 2 digits kept (010*****78); short values unchanged. */
    public static String maskNumber(String number) {
        if (number == null || number.length() <= 5) {
            return number;
        }
        return number.substring(0, 3) + "*".repeat(number.length() - 5) + number.substring(number.length() - 2);
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Hangs up calls that are up (BYE), turns away ringing ones (480), unregisters (best-effort) and stops the stack.
     * Returns once the SIP port is free again.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (IncomingCall call : calls) {
            IncomingCall.State state = call.state();
            if (state == IncomingCall.State.CONFIRMED || state == IncomingCall.State.ANSWERED) {
                try {
                    hangup(call);
                } catch (RuntimeException e) {
                    LOG.warn("phone {}: BYE on close failed ({})", user, call.describe(), e);
                }
            } else if (state == IncomingCall.State.RINGING) {
                try {
                    reject(call, Response.TEMPORARILY_UNAVAILABLE);
                } catch (RuntimeException e) {
                    LOG.warn("phone {}: 480 on close failed ({})", user, call.describe(), e);
                    call.finish(IncomingCall.State.ENDED, "phone closed");
                }
            }
        }
        if (registered) {
            try {
                unregister();
            } catch (RuntimeException e) {
                LOG.warn("phone {}: unregister on close failed ({})", user, describe(), e);
            }
        }
        scheduler.shutdownNow();
        sip.stop(this);
        LOG.info("phone {} closed ({} SIP messages seen)", user, sip.events().size());
    }

    @Override
    public String toString() {
        return "TestPhone[" + describe() + ", port=" + localPort + ", " + (autoAnswer == null ? "manual" : "auto-answer "
            + format(autoAnswer)) + "]";
    }
}
