package ascc.testsupport.sipp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes one pcap file holding a whole RFC 4733 DTMF sequence for SIPp's {@code play_pcap_audio}.
 *
 * <p>Why not the per-digit pcaps sip-tester ships: each of them carries fixed RTP sequence numbers and
 * timestamps, so replaying the same digit twice looks like a duplicate to Asterisk, and a digit whose file has
 * lower numbers than the previous one looks like an old packet: both are dropped. Here every event of a call
 * has rising sequence numbers and timestamps, one SSRC, and the packet times carry the gaps between digits.
 */
public final class DtmfPcap {
    /** Payload type of telephone-event in the customer scenario's SDP. */
    public static final int PAYLOAD_TYPE = 101;
    private static final int PACKETS = 8;
    private static final int END_PACKETS = 3;
    private static final int SAMPLES_PER_PACKET = 160;

    private DtmfPcap() {
    }

    /** RFC 4733 event code of a key. */
    static int event(char digit) {
        if (digit >= '0' && digit <= '9') {
            return digit - '0';
        }
        return switch (digit) {
            case '*' -> 10;
            case '#' -> 11;
            default -> throw new IllegalArgumentException("no DTMF event for '" + digit + "'");
        };
    }

    /**
     * Writes {@code digits} ({@code ,} = one pause of {@code pause}) starting at time 0, one key every
     * {@code between}; returns how long the sequence lasts.
     */
    public static Duration write(Path file, String digits, Duration between, Duration pause) {
        ByteBuffer out = ByteBuffer.allocate(64 + digits.length() * (PACKETS + END_PACKETS) * 96).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        long atMicros = 0;
        int seq = 1000;
        long timestamp = 8000;
        for (char c : digits.toCharArray()) {
            if (c == ',') {
                atMicros += pause.toNanos() / 1000;
                continue;
            }
            int event = event(c);
            for (int i = 0; i < PACKETS + END_PACKETS; i++) {
                boolean end = i >= PACKETS;
                int duration = SAMPLES_PER_PACKET * Math.min(i + 1, PACKETS);
                long t = atMicros + (long) Math.min(i, PACKETS) * 20_000 + (end ? (i - PACKETS) * 1_000 : 0);
                packet(out, t, seq++, timestamp, i == 0, event, end, duration);
            }
            timestamp += SAMPLES_PER_PACKET * (PACKETS + 2);
            atMicros += between.toNanos() / 1000;
        }
        try {
            Files.write(file, java.util.Arrays.copyOf(out.array(), out.position()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Duration.ofNanos(atMicros * 1000);
    }

    /**
     * Writes {@code length} of a 440 Hz tone as PCMU RTP (payload type 0, 20 ms packets): the customer "speaks",
     * e.g. into a voicemail, which keeps only messages with sound in them.
     */
    public static void writeTone(Path file, Duration length) {
        int packets = (int) Math.max(1, length.toMillis() / 20);
        ByteBuffer out = ByteBuffer.allocate(64 + packets * 256).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        int sample = 0;
        for (int p = 0; p < packets; p++) {
            ByteBuffer rtp = ByteBuffer.allocate(12 + SAMPLES_PER_PACKET).order(ByteOrder.BIG_ENDIAN)
                    .put((byte) 0x80).put((byte) (p == 0 ? 0x80 : 0)).putShort((short) (2000 + p))
                    .putInt(160 * p).putInt(0x1a2b3c4d);
            for (int i = 0; i < SAMPLES_PER_PACKET; i++, sample++) {
                rtp.put(ulaw((short) (8000 * Math.sin(2 * Math.PI * 440 * sample / 8000.0))));
            }
            frame(out, p * 20_000L, rtp.array());
        }
        try {
            Files.write(file, java.util.Arrays.copyOf(out.array(), out.position()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** G.711 mu-law encoding of one 16-bit sample. */
    static byte ulaw(short pcm) {
        int bias = 0x84;
        int sign = (pcm >> 8) & 0x80;
        int v = sign != 0 ? -pcm : pcm;
        v = Math.min(v, 32635) + bias;
        int exponent = 7;
        for (int mask = 0x4000; (v & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (v >> (exponent + 3)) & 0x0f;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    private static void packet(ByteBuffer out, long micros, int seq, long timestamp, boolean marker, int event, boolean end,
            int duration) {
        byte[] rtp = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN)
                .put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | PAYLOAD_TYPE)).putShort((short) seq)
                .putInt((int) timestamp).putInt(0x0e053a4e)
                .put((byte) event).put((byte) ((end ? 0x80 : 0) | 10)).putShort((short) duration)
                .array();
        frame(out, micros, rtp);
    }

    private static void frame(ByteBuffer out, long micros, byte[] rtp) {
        int udpLen = 8 + rtp.length;
        int ipLen = 20 + udpLen;
        ByteBuffer frame = ByteBuffer.allocate(14 + ipLen).order(ByteOrder.BIG_ENDIAN);
        frame.put(new byte[12]).putShort((short) 0x0800);
        frame.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).putInt(0x7f000001).putInt(0x7f000001);
        frame.putShort((short) 6000).putShort((short) 6000).putShort((short) udpLen).putShort((short) 0);
        frame.put(rtp);
        out.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.capacity()).putInt(frame.capacity());
        out.put(frame.array());
    }
}
