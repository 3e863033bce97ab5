package ascc.testsupport.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media side of one call: a UDP socket, a sender that emits one packet every 20 ms from an
 * {@link RtpPacketizer} (PCMU silence, or telephone-event packets while a digit is queued), and a receiver that
 * counts what the far end sends.
 */
public final class RtpSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RtpSession.class);
    private static final Random RANDOM = new SecureRandom();

    private final String label;
    private final DatagramSocket socket;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private volatile InetSocketAddress remote;
    private volatile RtpPacketizer packetizer;
    private volatile boolean closed;
    private volatile int eventPayloadType = SdpInfo.DEFAULT_TELEPHONE_EVENT_PT;
    private final StringBuffer receivedDigits = new StringBuffer();
    private long lastEndTimestamp = -1;
    private ScheduledExecutorService sender;
    private Thread receiver;

    private RtpSession(String label, DatagramSocket socket) {
        this.label = label;
        this.socket = socket;
    }

    /** Opens a socket on {@code bindAddress} with an ephemeral port; nothing is sent until {@link #start}. */
    public static RtpSession open(String label, InetAddress bindAddress) {
        try {
            return new RtpSession(label, new DatagramSocket(new InetSocketAddress(bindAddress, 0)));
        } catch (SocketException e) {
            throw new TestPhoneException("cannot open RTP socket on " + bindAddress.getHostAddress() + " (" + label + ")", e);
        }
    }

    /** The local RTP port. */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Starts sending to {@code remoteAddress} (and receiving); DTMF uses {@code eventPayloadType}. */
    public synchronized void start(InetSocketAddress remoteAddress, int eventPayloadType) {
        if (sender != null) {
            throw new IllegalStateException("RTP session " + label + " already started");
        }
        this.remote = remoteAddress;
        this.eventPayloadType = eventPayloadType;
        this.packetizer = new RtpPacketizer(RANDOM.nextInt(), RANDOM.nextInt(0x10000), RANDOM.nextInt() & 0xFFFFFFFFL,
            eventPayloadType);
        sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtp-tx-" + label);
            t.setDaemon(true);
            return t;
        });
        sender.scheduleAtFixedRate(this::tick, 0, 20, TimeUnit.MILLISECONDS);
        receiver = new Thread(this::receiveLoop, "rtp-rx-" + label);
        receiver.setDaemon(true);
        receiver.start();
        LOG.debug("RTP {} started: local port {} -> {} (telephone-event pt {})", label, localPort(), remoteAddress,
            eventPayloadType);
    }

    /** Points the stream somewhere else (re-INVITE). */
    public void updateRemote(InetSocketAddress remoteAddress) {
        this.remote = remoteAddress;
    }

    /** The address packets go to, or null before {@link #start}. */
    public InetSocketAddress remote() {
        return remote;
    }

    /** Queues one digit; the future completes after its last end packet was sent. */
    public CompletableFuture<Void> sendDtmf(char digit) {
        RtpPacketizer p = packetizer;
        if (p == null || closed) {
            throw new TestPhoneException("RTP session " + label + " is not running (closed=" + closed + ")");
        }
        return p.queue(digit);
    }

    /** Sends one digit and waits until its last packet is on the wire. */
    public void sendDtmf(char digit, Duration timeout) {
        try {
            sendDtmf(digit).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestPhoneException("interrupted sending DTMF '" + digit + "' (" + label + ")", e);
        } catch (Exception e) {
            throw new TestPhoneException("DTMF '" + digit + "' not sent within " + timeout.toMillis() + " ms (" + label
                + ", remote=" + remote + ")", e);
        }
    }

    /** RTP packets sent so far (audio and events). */
    public long packetsSent() {
        return sent.get();
    }

    /** RTP packets received so far. */
    public long packetsReceived() {
        return received.get();
    }

    private void tick() {
        InetSocketAddress to = remote;
        RtpPacketizer p = packetizer;
        if (closed || to == null || p == null) {
            return;
        }
        byte[] data = p.next();
        try {
            socket.send(new DatagramPacket(data, data.length, to));
            sent.incrementAndGet();
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("RTP {} send to {} failed", label, to, e);
            }
        }
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (!closed) {
            try {
                socket.receive(packet);
                received.incrementAndGet();
                onPacket(packet);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("RTP {} receive failed", label, e);
                }
                return;
            }
        }
    }

    /** DTMF digits received as RFC 4733 events (one per event end), in order. */
    public String receivedDigits() {
        return receivedDigits.toString();
    }

    private void onPacket(DatagramPacket packet) {
        if (packet.getLength() < DtmfPacket.LENGTH
            || DtmfPacket.payloadTypeOf(packet.getData(), packet.getOffset()) != eventPayloadType) {
            return;
        }
        try {
            DtmfPacket event = DtmfPacket.decode(packet.getData(), packet.getOffset(), packet.getLength());
            if (event.end() && event.timestamp() != lastEndTimestamp && event.event() <= 15) {
                lastEndTimestamp = event.timestamp();
                receivedDigits.append(event.digit());
                LOG.debug("RTP {} received DTMF '{}'", label, event.digit());
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("RTP {}: undecodable telephone-event packet from {}: {}", label, packet.getSocketAddress(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RtpPacketizer p = packetizer;
        if (p != null) {
            p.cancelAll("RTP session " + label + " closed");
        }
        if (sender != null) {
            sender.shutdownNow();
        }
        socket.close();
        LOG.debug("RTP {} closed: sent {} received {}", label, sent.get(), received.get());
    }
}
