package ascc.testsupport.sip;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * The outgoing RTP stream of one call, one packet per 20 ms tick: PCMU silence, or RFC 4733 telephone-event
 * packets while a queued digit is being sent. Shares one SSRC, sequence space and media clock between audio and
 * events, as RFC 4733 requires. Time-free: the caller decides when a tick happens. Not thread-safe by itself;
 * {@link #queue} is synchronized so another thread may queue digits.
 */
public final class RtpPacketizer {

    /** Samples per 20 ms packet at 8 kHz. */
    public static final int SAMPLES_PER_TICK = 160;
    /** Ticks (20 ms each) a digit is "held" before its end packets. */
    public static final int DIGIT_TICKS = 5;
    /** How many times the end packet is sent (RFC 4733 section 2.5.1.4). */
    public static final int END_REPEATS = 3;
    /** Silence ticks after a digit before the next one may start. */
    public static final int GAP_TICKS = 3;
    /** Volume field of event packets (-10 dBm0). */
    public static final int VOLUME = 10;

    private static final int PCMU = 0;
    private static final byte PCMU_SILENCE = (byte) 0xFF;

    private record Pending(char digit, CompletableFuture<Void> done) {
    }

    private final int ssrc;
    private final int eventPayloadType;
    private final Queue<Pending> queued = new ArrayDeque<>();
    private int sequence;
    private long timestamp;
    private boolean firstPacket = true;
    private Pending current;
    private int currentTick;
    private long eventTimestamp;
    private int gapLeft;

    /**
     * @param ssrc             synchronisation source of the stream
     * @param initialSequence  first sequence number (random per RFC 3550)
     * @param initialTimestamp first timestamp (random per RFC 3550)
     * @param eventPayloadType telephone-event payload type negotiated in SDP
     */
    public RtpPacketizer(int ssrc, int initialSequence, long initialTimestamp, int eventPayloadType) {
        this.ssrc = ssrc;
        this.sequence = initialSequence & 0xFFFF;
        this.timestamp = initialTimestamp & 0xFFFFFFFFL;
        this.eventPayloadType = eventPayloadType;
    }

    /** Queues a digit; the future completes when its last end packet has been produced. */
    public synchronized CompletableFuture<Void> queue(char digit) {
        DtmfPacket.eventCode(digit);
        CompletableFuture<Void> done = new CompletableFuture<>();
        queued.add(new Pending(digit, done));
        return done;
    }

    /** Fails queued and in-progress digits (call ended). */
    public synchronized void cancelAll(String reason) {
        if (current != null) {
            current.done().completeExceptionally(new IllegalStateException(reason));
            current = null;
        }
        for (Pending p : queued) {
            p.done().completeExceptionally(new IllegalStateException(reason));
        }
        queued.clear();
    }

    /** The packet for the next 20 ms tick. */
    public synchronized byte[] next() {
        if (current == null && gapLeft == 0) {
            current = queued.poll();
            if (current != null) {
                currentTick = 0;
                eventTimestamp = timestamp;
            }
        }
        byte[] packet = current != null ? nextEventPacket() : nextSilence();
        sequence = (sequence + 1) & 0xFFFF;
        firstPacket = false;
        return packet;
    }

    private byte[] nextEventPacket() {
        currentTick++;
        boolean end = currentTick > DIGIT_TICKS;
        int duration = Math.min(currentTick, DIGIT_TICKS) * SAMPLES_PER_TICK;
        DtmfPacket packet = new DtmfPacket(eventPayloadType, currentTick == 1, sequence, eventTimestamp, ssrc,
            DtmfPacket.eventCode(current.digit()), end, VOLUME, duration);
        if (currentTick == DIGIT_TICKS + END_REPEATS) {
            current.done().complete(null);
            current = null;
            gapLeft = GAP_TICKS;
            timestamp = (eventTimestamp + (long) (DIGIT_TICKS + END_REPEATS) * SAMPLES_PER_TICK) & 0xFFFFFFFFL;
        }
        return packet.encode();
    }

    private byte[] nextSilence() {
        if (gapLeft > 0) {
            gapLeft--;
        }
        ByteBuffer buf = ByteBuffer.allocate(12 + SAMPLES_PER_TICK);
        buf.put((byte) 0x80);
        buf.put((byte) ((firstPacket ? 0x80 : 0) | PCMU));
        buf.putShort((short) sequence);
        buf.putInt((int) timestamp);
        buf.putInt(ssrc);
        byte[] silence = new byte[SAMPLES_PER_TICK];
        Arrays.fill(silence, PCMU_SILENCE);
        buf.put(silence);
        timestamp = (timestamp + SAMPLES_PER_TICK) & 0xFFFFFFFFL;
        return buf.array();
    }
}
