package ascc.testsupport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RtpPacketizerTest {

    private static final int SSRC = 0x11223344;

    @Test
    void sendsPcmuSilenceEvery20msWithConsecutiveSequenceAndTimestamp() {
        RtpPacketizer p = new RtpPacketizer(SSRC, 65534, 1000, 101);
        byte[] first = p.next();
        byte[] second = p.next();
        byte[] third = p.next();
        assertEquals(12 + 160, first.length);
        assertEquals(0x80, first[1] & 0xFF, "marker on the first packet, PT 0");
        assertEquals(0x00, second[1] & 0xFF);
        assertEquals(65534, seq(first));
        assertEquals(65535, seq(second));
        assertEquals(0, seq(third), "sequence wraps");
        assertEquals(1000, ts(first));
        assertEquals(1160, ts(second));
        assertEquals(SSRC, ByteBuffer.wrap(third).getInt(8));
        assertEquals((byte) 0xFF, first[12 + 80], "PCMU silence");
    }

    @Test
    void sendsDigitAsEventPacketsThenThreeEndPacketsThenResumesAudio() {
        RtpPacketizer p = new RtpPacketizer(SSRC, 100, 8000, 101);
        p.next();
        CompletableFuture<Void> done = p.queue('7');
        List<DtmfPacket> events = new ArrayList<>();
        for (int i = 0; i < RtpPacketizer.DIGIT_TICKS + RtpPacketizer.END_REPEATS; i++) {
            byte[] bytes = p.next();
            assertEquals(DtmfPacket.LENGTH, bytes.length);
            events.add(DtmfPacket.decode(bytes, 0, bytes.length));
        }
        assertTrue(done.isDone());
        assertTrue(events.get(0).marker());
        for (int i = 0; i < events.size(); i++) {
            DtmfPacket e = events.get(i);
            assertEquals(101, e.payloadType());
            assertEquals(7, e.event());
            assertEquals(8160, e.timestamp(), "all packets carry the event start time");
            assertEquals(101 + i, e.sequence());
            assertEquals(SSRC, e.ssrc());
            assertEquals(i >= RtpPacketizer.DIGIT_TICKS, e.end(), "end bit on packet " + i);
            assertEquals(Math.min(i + 1, RtpPacketizer.DIGIT_TICKS) * 160, e.duration());
            assertEquals(i == 0, e.marker());
        }
        byte[] audio = p.next();
        assertEquals(172, audio.length);
        assertEquals(109, seq(audio));
        assertEquals(8160 + 8 * 160, ts(audio), "media clock ran on during the event");
    }

    @Test
    void keepsSilenceGapBetweenQueuedDigits() {
        RtpPacketizer p = new RtpPacketizer(SSRC, 0, 0, 101);
        p.queue('1');
        p.queue('2');
        int ticks = RtpPacketizer.DIGIT_TICKS + RtpPacketizer.END_REPEATS;
        for (int i = 0; i < ticks; i++) {
            assertEquals(DtmfPacket.LENGTH, p.next().length);
        }
        for (int i = 0; i < RtpPacketizer.GAP_TICKS; i++) {
            assertEquals(172, p.next().length, "gap tick " + i);
        }
        byte[] next = p.next();
        DtmfPacket second = DtmfPacket.decode(next, 0, next.length);
        assertEquals(2, second.event());
        assertTrue(second.marker());
    }

    @Test
    void failsPendingDigitsWhenCancelled() {
        RtpPacketizer p = new RtpPacketizer(SSRC, 0, 0, 101);
        CompletableFuture<Void> pending = p.queue('3');
        p.cancelAll("call ended");
        assertTrue(pending.isCompletedExceptionally());
        assertFalse(p.next().length == DtmfPacket.LENGTH, "no event after cancel");
        assertThrows(IllegalArgumentException.class, () -> p.queue('z'));
    }

    private static int seq(byte[] b) {
        return ByteBuffer.wrap(b).getShort(2) & 0xFFFF;
    }

    private static long ts(byte[] b) {
        return ByteBuffer.wrap(b).getInt(4) & 0xFFFFFFFFL;
    }
}
