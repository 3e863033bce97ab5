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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
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
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
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
 * The SIP plumbing of one {@link TestPhone}: its own JAIN-SIP stack on 127.0.0.1:localPort (UDP), the factories,
 * client transactions awaited as futures, the log of every message sent or received, REGISTER requests with their
 * digest answer, and the stack's shutdown. Call handling stays in {@link TestPhone}.
 */
final class PhoneSip {
    private static final Logger LOG = LoggerFactory.getLogger(TestPhone.class);
    private static final AtomicInteger STACK_COUNTER = new AtomicInteger();

    private final String user;
    private final String password;
    private final String registrarHost;
    private final int registrarPort;
    private final int localPort;
    private final Clock clock;
    private final Supplier<String> describe;
    private final Random random = new SecureRandom();

    private final SipStack stack;
    private final SipProvider provider;
    private final AddressFactory addressFactory;
    private final HeaderFactory headerFactory;
    private final MessageFactory messageFactory;

    private final CallIdHeader registerCallId;
    private final String registerFromTag;
    private final AtomicLong registerCseq = new AtomicLong();

    private final Map<ClientTransaction, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final List<SipEvent> events = new CopyOnWriteArrayList<>();
    /** The address the phone's SIP and RTP sockets bind to ({@link TestPhone#LOCAL_ADDRESS} unless given). */
    private final String localAddress;

    /** Creates the stack and its UDP listening point; {@link #start} then hands messages to {@code listener}. */
    PhoneSip(String user, String password, String registrarHost, int registrarPort, String localAddress, int localPort, Clock clock,
             Supplier<String> describe) throws Exception {
        this.user = user;
        this.localAddress = localAddress;
        this.password = password;
        this.registrarHost = registrarHost;
        this.registrarPort = registrarPort;
        this.localPort = localPort;
        this.clock = clock;
        this.describe = describe;
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
        ListeningPoint listeningPoint = stack.createListeningPoint(localAddress, localPort, ListeningPoint.UDP);
        this.provider = stack.createSipProvider(listeningPoint);
        this.registerCallId = provider.getNewCallId();
        this.registerFromTag = newTag();
    }

    void start(SipListener listener) throws SipException {
        try {
            provider.addSipListener(listener);
        } catch (java.util.TooManyListenersException e) {
            throw new SipException("a listener is already registered", e);
        }
        stack.start();
    }

    // ------------------------------------------------------------------ registration

    Request buildRegister(int expires) throws java.text.ParseException, InvalidArgumentException {
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

    Header authorization(Response challengeResponse, Request request) throws java.text.ParseException {
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
                + " (offered algorithms " + offered + ", " + describe.get() + ")");
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

    // ------------------------------------------------------------------ transactions

    ServerTransaction serverTransaction(RequestEvent event) throws SipException {
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

    void respond(RequestEvent event, int status) throws Exception {
        ServerTransaction st = serverTransaction(event);
        if (st == null) {
            return;
        }
        Response response = messageFactory.createResponse(status, event.getRequest());
        send(st, response);
    }

    Response response(int status, Request request) throws java.text.ParseException {
        return messageFactory.createResponse(status, request);
    }

    void send(ServerTransaction st, Response response) throws SipException, InvalidArgumentException {
        record(SipEvent.Direction.OUT, response);
        st.sendResponse(response);
    }

    Response sendAndAwait(Request request, Duration timeout, String what) throws SipException {
        ClientTransaction ct = provider.getNewClientTransaction(request);
        CompletableFuture<Response> future = new CompletableFuture<>();
        pending.put(ct, future);
        record(SipEvent.Direction.OUT, request);
        ct.sendRequest();
        return await(future, ct, timeout, what);
    }

    /** Sends {@code request} (created by {@code dialog}) within the dialog and waits for its final response. */
    Response sendInDialogAndAwait(Dialog dialog, Request request, Duration timeout, String what) throws SipException {
        ClientTransaction ct = provider.getNewClientTransaction(request);
        CompletableFuture<Response> future = new CompletableFuture<>();
        pending.put(ct, future);
        record(SipEvent.Direction.OUT, request);
        dialog.sendRequest(ct);
        return await(future, ct, timeout, what);
    }

    private Response await(CompletableFuture<Response> future, ClientTransaction ct, Duration timeout, String what) {
        try {
            return future.get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TestPhoneException("no final response to " + what + " after " + TestPhone.format(timeout) + " ("
                + describe.get() + ", registrar=" + registrarHost + ":" + registrarPort + ")", e);
        } catch (ExecutionException e) {
            throw new TestPhoneException(what + " failed: " + e.getCause().getMessage() + " (" + describe.get() + ")", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestPhoneException("interrupted waiting for " + what + " (" + describe.get() + ")", e);
        } finally {
            pending.remove(ct);
        }
    }

    /** A final response completes the request awaiting it. */
    void onResponse(ResponseEvent event) {
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

    void onTimeout(TimeoutEvent event) {
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

    // ------------------------------------------------------------------ messages

    void record(SipEvent.Direction direction, Message message) {
        CSeqHeader cseq = (CSeqHeader) message.getHeader(CSeqHeader.NAME);
        String method = message instanceof Request r ? r.getMethod() : cseq == null ? "?" : cseq.getMethod();
        int status = message instanceof Response r ? r.getStatusCode() : 0;
        SipEvent event = new SipEvent(clock.instant(), direction, method, status, callIdOf(message));
        events.add(event);
        LOG.debug("phone {} {}", user, event);
    }

    /** The live log of messages (thread-safe to iterate). */
    List<SipEvent> events() {
        return events;
    }

    private ViaHeader via() throws java.text.ParseException, InvalidArgumentException {
        return headerFactory.createViaHeader(localAddress, localPort, ListeningPoint.UDP, null);
    }

    ContactHeader contact() throws java.text.ParseException {
        SipURI uri = addressFactory.createSipURI(user, localAddress);
        uri.setPort(localPort);
        return headerFactory.createContactHeader(addressFactory.createAddress(uri));
    }

    ContentTypeHeader sdpContentType() throws java.text.ParseException {
        return headerFactory.createContentTypeHeader("application", "sdp");
    }

    static String callIdOf(Message message) {
        CallIdHeader h = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return h == null ? "?" : h.getCallId();
    }

    static String bodyOf(Message message) {
        byte[] raw = message.getRawContent();
        return raw == null ? "" : new String(raw, StandardCharsets.UTF_8);
    }

    static Map<String, List<String>> headersOf(Request request) {
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

    static String headerValue(Header header) {
        String text = header.toString().trim();
        int colon = text.indexOf(':');
        return colon < 0 ? text : text.substring(colon + 1).trim();
    }

    /** The phone's bind address. */
    InetAddress address() {
        return address(localAddress);
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve " + host, e);
        }
    }

    String newTag() {
        return HexFormat.of().formatHex(randomBytes(6));
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    // ------------------------------------------------------------------ shutdown

    /** Detaches {@code listener} and stops the stack; returns once the SIP port is free again (at most 3 s). */
    void stop(SipListener listener) {
        provider.removeSipListener(listener);
        // SipStack.stop() closes the sockets at once, then sleeps a hard-coded second: run it aside and only wait
        // until the SIP port is free again, so the next phone (or test) can bind it.
        Thread stopper = new Thread(stack::stop, "phone-" + user + "-stop");
        stopper.setDaemon(true);
        stopper.start();
        awaitPortFree(Duration.ofSeconds(3));
    }

    private void awaitPortFree(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                new DatagramSocket(new InetSocketAddress(address(localAddress), localPort)).close();
                return;
            } catch (SocketException e) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("phone {}: port {}:{} still busy {} after close", user, localAddress, localPort,
                        TestPhone.format(timeout), e);
                    return;
                }
                LockSupport.parkNanos(5_000_000L);
            }
        }
    }
}
