package ascc.testsupport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real UDP on 127.0.0.1: the session's packets arrive and decode to the digit sent. */
class RtpSessionTest {

    @Test
    void sendsSilenceThenDtmfThatDecodesToTheDigit() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket far = new DatagramSocket(new InetSocketAddress(loopback, 0));
             RtpSession session = RtpSession.open("test", loopback)) {
            far.setSoTimeout(2000);
            session.start(new InetSocketAddress(loopback, far.getLocalPort()), 101);
            byte[] buf = new byte[2048];
            DatagramPacket first = new DatagramPacket(buf, buf.length);
            far.receive(first);
            assertEquals(0, DtmfPacket.payloadTypeOf(first.getData(), 0), "PCMU silence flows before any digit");
            assertEquals(172, first.getLength());
            session.sendDtmf('9', Duration.ofSeconds(3));
            List<DtmfPacket> events = new ArrayList<>();
            while (events.size() < RtpPacketizer.DIGIT_TICKS + RtpPacketizer.END_REPEATS) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                far.receive(p);
                assertEquals(session.localPort(), p.getPort(), "symmetric RTP: sent from the advertised port");
                if (DtmfPacket.payloadTypeOf(p.getData(), 0) == 101) {
                    events.add(DtmfPacket.decode(p.getData(), 0, p.getLength()));
                }
            }
            assertTrue(events.stream().allMatch(e -> e.digit() == '9'), events.toString());
            assertEquals(RtpPacketizer.END_REPEATS, events.stream().filter(DtmfPacket::end).count());
        }
    }

    @Test
    void recordsDigitsReceivedAsEventsOncePerEvent() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket far = new DatagramSocket(new InetSocketAddress(loopback, 0));
             RtpSession session = RtpSession.open("test", loopback)) {
            session.start(new InetSocketAddress(loopback, far.getLocalPort()), 101);
            InetSocketAddress to = new InetSocketAddress(loopback, session.localPort());
            int seq = 1;
            for (char digit : new char[] {'4', '#'}) {
                long ts = digit * 1000L;
                for (int i = 1; i <= 5; i++) {
                    byte[] b = new DtmfPacket(101, i == 1, seq++, ts, 7, DtmfPacket.eventCode(digit), i > 2, 10, i * 160).encode();
                    far.send(new DatagramPacket(b, b.length, to));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (session.receivedDigits().length() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals("4#", session.receivedDigits());
        }
    }
}
