package ascc.testsupport.sip;

import gov.nist.core.CommonLogger;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.InvalidArgumentException;
import javax.sip.ListeningPoint;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipException;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionAlreadyExistsException;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Message;
import javax.sip.message.MessageFactory;
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
    private static final AtomicInteger STACK_COUNTER = new AtomicInteger();
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DTMF_TIMEOUT = Duration.ofSeconds(3);

    private final String user;
    private final String password;
    private final String registrarHost;
    private final int registrarPort;
    private final int localPort;
    private final Clock clock;
    private final Random random = new SecureRandom();

    private final SipStack stack;
    private final SipProvider provider;
    private final ListeningPoint listeningPoint;
    private final AddressFactory addressFactory;
    private final HeaderFactory headerFactory;
    private final MessageFactory messageFactory;
    private final ScheduledExecutorService scheduler;

    private final CallIdHeader registerCallId;
    private final String registerFromTag;
    private final AtomicLong registerCseq = new AtomicLong();
    private volatile boolean registered;
    private volatile Duration autoAnswer;
    private volatile boolean closed;

    private final Map<ClientTransaction, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<IncomingCall> incoming = new LinkedBlockingQueue<>();
    private final Map<String, IncomingCall> callsById = new ConcurrentHashMap<>();
    private final List<IncomingCall> calls = new CopyOnWriteArrayList<>();
    private final List<SipEvent> events = new CopyOnWriteArrayList<>();

    private TestPhone(String user, String password, String registrarHost, int registrarPort, int localPort, Clock clock)
        throws Exception {
        this.user = user;
        this.password = password;
        this.registrarHost = registrarHost;
        this.registrarPort = registrarPort;
        this.localPort = localPort;
        this.clock = clock;
        if (CommonLogger.legacyLogger == null) {
            CommonLogger.legacyLogger = new Slf4jStackLogger();
        }
        Properties props = new Properties();
        props.setProperty("javax.sip.STACK_NAME", "ascc-phone-" + user + "-" + localPort + "-" + STACK_COUNTER.incrementAndGet());
        props.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        props.setProperty("gov.nist.javax.sip.SERVER_LOGGER", Slf4jServerLogger.class.getName());
        props.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        props.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        props.setProperty("gov.nist.javax.sip.DELIVER_UNSOLICITED_NOTIFY", "true");
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        this.stack = factory.createSipStack(props);
        this.addressFactory = factory.createAddressFactory();
        this.headerFactory = factory.createHeaderFactory();
        this.messageFactory = factory.createMessageFactory();
        this.listeningPoint = stack.createListeningPoint(LOCAL_ADDRESS, localPort, ListeningPoint.UDP);
        this.provider = stack.createSipProvider(listeningPoint);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "phone-" + user + "-sched");
            t.setDaemon(true);
            return t;
        });
        this.registerCallId = provider.getNewCallId();
        this.registerFromTag = newTag();
        provider.addSipListener(this);
        stack.start();
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
        try {
            TestPhone phone = new TestPhone(user, password, registrarHost, registrarPort, localPort, clock);
            LOG.info("phone {} listening on {}:{} (registrar {}:{})", user, LOCAL_ADDRESS, localPort, registrarHost, registrarPort);
            return phone;
        } catch (Exception e) {
            throw new TestPhoneException("cannot start phone " + user + " on " + LOCAL_ADDRESS + ":" + localPort
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

    /** Whether the last REGISTER succeeded and no unregister followed. */
    public boolean isRegistered() {
        return registered;
    }

    private Response registerWithExpires(int expires, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Response response = sendAndAwait(buildRegister(expires), remaining(deadline), "REGISTER");
            int status = response.getStatusCode();
            if (status == Response.UNAUTHORIZED || status == Response.PROXY_AUTHENTICATION_REQUIRED) {
                Request withAuth = buildRegister(expires);
                withAuth.setHeader(authorization(response, withAuth));
                response = sendAndAwait(withAuth, remaining(deadline), "REGISTER");
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

    private Request buildRegister(int expires) throws java.text.ParseException, InvalidArgumentException {
        SipURI requestUri = addressFactory.createSipURI(null, registrarHost);
        requestUri.setPort(registrarPort);
        Address aor = addressFactory.createAddress(addressFactory.createSipURI(user, registrarHost));
        FromHeader from = headerFactory.createFromHeader(aor, registerFromTag);
        ToHeader to = headerFactory.createToHeader(aor, null);
        CSeqHeader cseq = headerFactory.createCSeqHeader(registerCseq.incrementAndGet(), Request.REGISTER);
        Request request = messageFactory.createRequest(requestUri, Request.REGISTER, (CallIdHeader) registerCallId.clone(),
            cseq, from, to, List.of(via()), headerFactory.createMaxForwardsHeader(70));
        request.addHeader(contact());
        request.addHeader(headerFactory.createExpiresHeader(expires));
        request.addHeader(headerFactory.createUserAgentHeader(List.of("ascc-test-phone")));
        return request;
    }

    private Header authorization(Response challengeResponse, Request request) throws java.text.ParseException {
        boolean proxy = challengeResponse.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        String headerName = proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME;
        DigestAuth.Challenge chosen = null;
        List<String> offered = new ArrayList<>();
        ListIterator<?> it = challengeResponse.getHeaders(headerName);
        while (it.hasNext()) {
            WWWAuthenticateHeader h = (WWWAuthenticateHeader) it.next();
            DigestAuth.Challenge c = new DigestAuth.Challenge(h.getRealm(), h.getNonce(), h.getOpaque(), h.getAlgorithm(),
                h.getQop());
            offered.add(c.algorithm());
            if ("Digest".equalsIgnoreCase(h.getScheme()) && c.supported()
                && (chosen == null || !"MD5".equalsIgnoreCase(chosen.algorithm()))) {
                chosen = c;
            }
        }
        if (chosen == null) {
            throw new TestPhoneException("no usable digest challenge in " + challengeResponse.getStatusCode()
                + " (offered algorithms " + offered + ", " + describe() + ")");
        }
        String uri = request.getRequestURI().toString();
        String cnonce = HexFormat.of().formatHex(randomBytes(8));
        DigestAuth.Answer answer = DigestAuth.answer(chosen, user, password, request.getMethod(), uri, 1, cnonce);
        AuthorizationHeader auth = proxy
            ? headerFactory.createProxyAuthorizationHeader("Digest")
            : headerFactory.createAuthorizationHeader("Digest");
        auth.setUsername(answer.username());
        auth.setRealm(answer.realm());
        auth.setNonce(answer.nonce());
        auth.setURI(addressFactory.createURI(answer.uri()));
        auth.setResponse(answer.response());
        auth.setAlgorithm(answer.algorithm());
        if (answer.opaque() != null) {
            auth.setOpaque(answer.opaque());
        }
        if (answer.qop() != null) {
            auth.setQop(answer.qop());
            auth.setNonceCount(1);
            auth.setCNonce(answer.cnonce());
        }
        return auth;
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
                Response response = messageFactory.createResponse(status, call.inviteTransaction.getRequest());
                ((ToHeader) response.getHeader(ToHeader.NAME)).setTag(call.toTag);
                send(call.inviteTransaction, response);
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
            ClientTransaction ct = provider.getNewClientTransaction(bye);
            CompletableFuture<Response> future = new CompletableFuture<>();
            pending.put(ct, future);
            record(SipEvent.Direction.OUT, bye);
            dialog.sendRequest(ct);
            Response response = await(future, ct, RESPONSE_TIMEOUT, "BYE");
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
        return List.copyOf(events);
    }

    /** Only the messages received, in order. */
    public List<SipEvent> received() {
        return events.stream().filter(e -> e.direction() == SipEvent.Direction.IN).toList();
    }

    /** How many requests of {@code method} (e.g. "INVITE") this phone received. */
    public long receivedRequests(String method) {
        return events.stream()
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
        record(SipEvent.Direction.IN, request);
        try {
            switch (request.getMethod()) {
                case Request.INVITE -> onInvite(event);
                case Request.ACK -> onAck(request);
                case Request.BYE -> onBye(event);
                case Request.CANCEL -> onCancel(event);
                case Request.OPTIONS, Request.INFO, Request.NOTIFY -> respond(event, Response.OK);
                default -> respond(event, Response.NOT_IMPLEMENTED);
            }
        } catch (Exception e) {
            LOG.warn("phone {} failed handling {} (call-id {})", user, request.getMethod(), callIdOf(request), e);
        }
    }

    @Override
    public void processResponse(ResponseEvent event) {
        Response response = event.getResponse();
        record(SipEvent.Direction.IN, response);
        ClientTransaction ct = event.getClientTransaction();
        if (ct == null || response.getStatusCode() < 200) {
            return;
        }
        CompletableFuture<Response> future = pending.remove(ct);
        if (future != null) {
            future.complete(response);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (event.isServerTransaction()) {
            LOG.warn("phone {}: server transaction timed out ({})", user, event.getServerTransaction().getRequest().getMethod());
            return;
        }
        ClientTransaction ct = event.getClientTransaction();
        CompletableFuture<Response> future = pending.remove(ct);
        if (future != null) {
            future.completeExceptionally(new TimeoutException("SIP transaction timeout for " + ct.getRequest().getMethod()));
        }
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
        String callId = callIdOf(request);
        ToHeader toHeader = (ToHeader) request.getHeader(ToHeader.NAME);
        IncomingCall existing = callsById.get(callId);
        if (existing != null && toHeader.getTag() != null) {
            onReInvite(event, existing);
            return;
        }
        if (existing != null) {
            return;
        }
        ServerTransaction st = serverTransaction(event);
        if (st == null) {
            return;
        }
        FromHeader fromHeader = (FromHeader) request.getHeader(FromHeader.NAME);
        URI fromUri = fromHeader.getAddress().getURI();
        String fromUser = fromUri instanceof SipURI sip && sip.getUser() != null ? sip.getUser() : "";
        IncomingCall call = new IncomingCall(user, callId, headerValue(fromHeader), fromUser, headerValue(toHeader),
            request.getRequestURI().toString(), headersOf(request), bodyOf(request), clock, st, newTag());
        callsById.put(callId, call);
        calls.add(call);
        Response ringing = messageFactory.createResponse(Response.RINGING, request);
        ((ToHeader) ringing.getHeader(ToHeader.NAME)).setTag(call.toTag);
        ringing.addHeader(contact());
        send(st, ringing);
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
            RtpSession rtp = RtpSession.open(user + "-" + shortId(call.callId()), loopback());
            try {
                Response ok = messageFactory.createResponse(Response.OK, invite);
                ((ToHeader) ok.getHeader(ToHeader.NAME)).setTag(call.toTag);
                ok.addHeader(contact());
                ok.setContent(SdpInfo.answer(clock.millis(), LOCAL_ADDRESS, rtp.localPort(), eventPt), sdpContentType());
                send(call.inviteTransaction, ok);
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
        ServerTransaction st = serverTransaction(event);
        if (st == null) {
            return;
        }
        RtpSession rtp = call.rtp();
        if (rtp == null) {
            send(st, messageFactory.createResponse(Response.REQUEST_PENDING, event.getRequest()));
            return;
        }
        String body = bodyOf(event.getRequest());
        int eventPt = SdpInfo.DEFAULT_TELEPHONE_EVENT_PT;
        if (!body.isBlank()) {
            SdpInfo offer = SdpInfo.parse(body);
            eventPt = offer.dtmfPayloadType();
            rtp.updateRemote(new InetSocketAddress(offer.connectionAddress(), offer.audioPort()));
        }
        Response ok = messageFactory.createResponse(Response.OK, event.getRequest());
        ok.addHeader(contact());
        ok.setContent(SdpInfo.answer(clock.millis(), LOCAL_ADDRESS, rtp.localPort(), eventPt), sdpContentType());
        send(st, ok);
        LOG.info("phone {} accepted re-INVITE on call {} (media now to {})", user, call.callId(), rtp.remote());
    }

    private void onAck(Request ack) {
        IncomingCall call = callsById.get(callIdOf(ack));
        if (call == null) {
            return;
        }
        String body = bodyOf(ack);
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
        IncomingCall call = callsById.get(callIdOf(event.getRequest()));
        if (call == null) {
            respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        respond(event, Response.OK);
        if (call.finish(IncomingCall.State.ENDED, "remote BYE")) {
            LOG.info("phone {}: call {} ended by the far end (BYE)", user, call.callId());
        }
    }

    private void onCancel(RequestEvent event) throws Exception {
        IncomingCall call = callsById.get(callIdOf(event.getRequest()));
        if (call == null) {
            respond(event, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
            return;
        }
        respond(event, Response.OK);
        synchronized (call) {
            if (call.state() != IncomingCall.State.RINGING) {
                return;
            }
            Response terminated = messageFactory.createResponse(Response.REQUEST_TERMINATED, call.inviteTransaction.getRequest());
            ((ToHeader) terminated.getHeader(ToHeader.NAME)).setTag(call.toTag);
            send(call.inviteTransaction, terminated);
            call.finish(IncomingCall.State.CANCELLED, "CANCEL");
        }
        LOG.info("phone {}: call {} cancelled by the caller", user, call.callId());
    }

    // ------------------------------------------------------------------ plumbing

    private ServerTransaction serverTransaction(RequestEvent event) throws SipException {
        ServerTransaction st = event.getServerTransaction();
        if (st != null) {
            return st;
        }
        try {
            return provider.getNewServerTransaction(event.getRequest());
        } catch (TransactionAlreadyExistsException e) {
            LOG.debug("phone {}: retransmitted {} ignored ({})", user, event.getRequest().getMethod(), e.getMessage());
            return null;
        }
    }

    private void respond(RequestEvent event, int status) throws Exception {
        ServerTransaction st = serverTransaction(event);
        if (st == null) {
            return;
        }
        Response response = messageFactory.createResponse(status, event.getRequest());
        send(st, response);
    }

    private void send(ServerTransaction st, Response response) throws SipException, InvalidArgumentException {
        record(SipEvent.Direction.OUT, response);
        st.sendResponse(response);
    }

    private Response sendAndAwait(Request request, Duration timeout, String what) throws SipException {
        ClientTransaction ct = provider.getNewClientTransaction(request);
        CompletableFuture<Response> future = new CompletableFuture<>();
        pending.put(ct, future);
        record(SipEvent.Direction.OUT, request);
        ct.sendRequest();
        return await(future, ct, timeout, what);
    }

    private Response await(CompletableFuture<Response> future, ClientTransaction ct, Duration timeout, String what) {
        try {
            return future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TestPhoneException("no final response to " + what + " after " + format(timeout) + " (" + describe()
                + ", registrar=" + registrarHost + ":" + registrarPort + ")", e);
        } catch (ExecutionException e) {
            throw new TestPhoneException(what + " failed: " + e.getCause().getMessage() + " (" + describe() + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestPhoneException("interrupted waiting for " + what + " (" + describe() + ")", e);
        } finally {
            pending.remove(ct);
        }
    }

    private void record(SipEvent.Direction direction, Message message) {
        CSeqHeader cseq = (CSeqHeader) message.getHeader(CSeqHeader.NAME);
        String method = message instanceof Request r ? r.getMethod() : cseq == null ? "?" : cseq.getMethod();
        int status = message instanceof Response r ? r.getStatusCode() : 0;
        SipEvent event = new SipEvent(clock.instant(), direction, method, status, callIdOf(message));
        events.add(event);
        LOG.debug("phone {} {}", user, event);
    }

    private ViaHeader via() throws java.text.ParseException, InvalidArgumentException {
        return headerFactory.createViaHeader(LOCAL_ADDRESS, localPort, ListeningPoint.UDP, null);
    }

    private ContactHeader contact() throws java.text.ParseException {
        SipURI uri = addressFactory.createSipURI(user, LOCAL_ADDRESS);
        uri.setPort(localPort);
        return headerFactory.createContactHeader(addressFactory.createAddress(uri));
    }

    private ContentTypeHeader sdpContentType() throws java.text.ParseException {
        return headerFactory.createContentTypeHeader("application", "sdp");
    }

    private static String callIdOf(Message message) {
        CallIdHeader h = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return h == null ? "?" : h.getCallId();
    }

    private static String bodyOf(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> headersOf(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ListIterator<?> names = request.getHeaderNames();
        while (names.hasNext()) {
            String name = (String) names.next();
            ListIterator<?> values = request.getHeaders(name);
            List<String> list = headers.computeIfAbsent(name, k -> new ArrayList<>());
            while (values.hasNext()) {
                list.add(headerValue((Header) values.next()));
            }
        }
        return headers;
    }

    private static String headerValue(Header header) {
        String text = header.toString().trim();
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(colon + 1).trim();
    }

    private static void requireState(IncomingCall call, IncomingCall.State expected, String action) {
        if (call.state() != expected) {
            throw new TestPhoneException("cannot " + action + ": call is " + call.state() + ", needs " + expected + " ("
                + call.describe() + ")");
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(LOCAL_ADDRESS);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve " + LOCAL_ADDRESS, e);
        }
    }

    private String newTag() {
        return HexFormat.of().formatHex(randomBytes(6));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
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
        provider.removeSipListener(this);
        // SipStack.stop() closes the sockets at once, then sleeps a hard-coded second: run it aside and only wait
        // until the SIP port is free again, so the next phone (or test) can bind it.
        Thread stopper = new Thread(stack::stop, "phone-" + user + "-stop");
        stopper.setDaemon(true);
        stopper.start();
        awaitPortFree(Duration.ofSeconds(3));
        LOG.info("phone {} closed ({} SIP messages seen)", user, events.size());
    }

    private void awaitPortFree(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                new DatagramSocket(new InetSocketAddress(loopback(), localPort)).close();
                return;
            } catch (SocketException e) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("phone {}: port {}:{} still busy {} after close", user, LOCAL_ADDRESS, localPort, format(timeout), e);
                    return;
                }
                LockSupport.parkNanos(5_000_000L);
            }
        }
    }

    @Override
    public String toString() {
        return "TestPhone[" + describe() + ", port=" + localPort + ", " + (autoAnswer == null ? "manual" : "auto-answer "
            + format(autoAnswer)) + "]";
    }
}
