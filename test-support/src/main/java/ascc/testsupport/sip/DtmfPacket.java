package ascc.testsupport.sip;

import java.nio.ByteBuffer;

/**
 * One RTP packet carrying an RFC 4733 telephone-event payload.
 *
 * <pre>
 *  RTP header (RFC 3550), 12 bytes:  V=2 P=0 X=0 CC=0 | M | PT | sequence (16) | timestamp (32) | SSRC (32)
 *  Payload (RFC 4733 section 2.3), 4 bytes:  event (8) | E (1) R (1) volume (6) | duration (16)
 * </pre>
 *
 * @param payloadType telephone-event payload type (usually 101)
 * @param marker      set on the first packet of an event
 * @param sequence    RTP sequence number (0..65535)
 * @param timestamp   RTP timestamp of the event start (unsigned 32 bit)
 * @param ssrc        synchronisation source (unsigned 32 bit, kept as int bits)
 * @param event       event code: 0-9 digits, 10 '*', 11 '#', 12-15 'A'-'D'
 * @param end         the E bit: this packet ends the event
 * @param volume      power level in -dBm0, 0..63
 * @param duration    duration so far in timestamp units (8 kHz)
 */
public record DtmfPacket(int payloadType, boolean marker, int sequence, long timestamp, int ssrc, int event,
                         boolean end, int volume, int duration) {

    /** Bytes in an encoded packet (RTP header + telephone-event payload). */
    public static final int LENGTH = 16;

    public DtmfPacket {
        check(payloadType, 0, 127, "payloadType");
        check(sequence, 0, 0xFFFF, "sequence");
        check(event, 0, 255, "event");
        check(volume, 0, 63, "volume");
        check(duration, 0, 0xFFFF, "duration");
        if (timestamp < 0 || timestamp > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("timestamp out of 32-bit range: " + timestamp);
        }
    }

    private static void check(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " " + value + " not in " + min + ".." + max);
        }
    }

    /** The RFC 4733 event code of a DTMF character (0-9, *, #, A-D; case-insensitive). */
    public static int eventCode(char digit) {
        if (digit >= '0' && digit <= '9') {
            return digit - '0';
        }
        return switch (Character.toUpperCase(digit)) {
            case '*' -> 10;
            case '#' -> 11;
            case 'A' -> 12;
            case 'B' -> 13;
            case 'C' -> 14;
            case 'D' -> 15;
            default -> throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
        };
    }

    /** The DTMF character of an event code 0..15. */
    public static char digitOf(int eventCode) {
        if (eventCode >= 0 && eventCode <= 9) {
            return (char) ('0' + eventCode);
        }
        return switch (eventCode) {
            case 10 -> '*';
            case 11 -> '#';
            case 12 -> 'A';
            case 13 -> 'B';
            case 14 -> 'C';
            case 15 -> 'D';
            default -> throw new IllegalArgumentException("event " + eventCode + " is not a DTMF digit");
        };
    }

    /** This packet's digit. */
    public char digit() {
        return digitOf(event);
    }

    /** The 16 bytes on the wire. */
    public byte[] encode() {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        buf.put((byte) 0x80);
        buf.put((byte) ((marker ? 0x80 : 0) | payloadType));
        buf.putShort((short) sequence);
        buf.putInt((int) timestamp);
        buf.putInt(ssrc);
        buf.put((byte) event);
        buf.put((byte) ((end ? 0x80 : 0) | volume));
        buf.putShort((short) duration);
        return buf.array();
    }

    /**
     * Decodes an RTP packet with a telephone-event payload (header extensions and CSRCs are skipped).
     *
     * @throws IllegalArgumentException when the bytes are not RTP version 2 or too short
     */
    public static DtmfPacket decode(byte[] data, int offset, int length) {
        if (length < LENGTH) {
            throw new IllegalArgumentException("RTP packet too short for telephone-event: " + length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(data, offset, length);
        int first = buf.get() & 0xFF;
        if (first >> 6 != 2) {
            throw new IllegalArgumentException("not RTP version 2: first byte 0x" + Integer.toHexString(first));
        }
        int second = buf.get() & 0xFF;
        int sequence = buf.getShort() & 0xFFFF;
        long timestamp = buf.getInt() & 0xFFFFFFFFL;
        int ssrc = buf.getInt();
        int csrcCount = first & 0x0F;
        buf.position(buf.position() + 4 * csrcCount);
        if ((first & 0x10) != 0) {
            buf.getShort();
            int words = buf.getShort() & 0xFFFF;
            buf.position(buf.position() + 4 * words);
        }
        if (buf.remaining() < 4) {
            throw new IllegalArgumentException("RTP packet has no 4-byte telephone-event payload (length=" + length + ")");
        }
        int event = buf.get() & 0xFF;
        int flags = buf.get() & 0xFF;
        int duration = buf.getShort() & 0xFFFF;
        return new DtmfPacket(second & 0x7F, (second & 0x80) != 0, sequence, timestamp, ssrc, event,
            (flags & 0x80) != 0, flags & 0x3F, duration);
    }

    /** The RTP payload type of any RTP packet (to tell telephone-event from audio before decoding). */
    public static int payloadTypeOf(byte[] data, int offset) {
        return data[offset + 1] & 0x7F;
    }
}
