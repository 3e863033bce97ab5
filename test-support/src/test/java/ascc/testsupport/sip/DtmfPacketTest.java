package ascc.testsupport.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DtmfPacketTest {

    @Test
    void encodesRfc4733LayoutByteForByte() {
        DtmfPacket packet = new DtmfPacket(101, true, 0x1234, 0xA1B2C3D4L, 0x0E05384E, 5, false, 10, 160);
        byte[] expected = HexFormat.of().parseHex(
            "80" // V=2, P=0, X=0, CC=0
            + "e5" // M=1, PT=101
            + "1234" // sequence
            + "a1b2c3d4" // timestamp
            + "0e05384e" // SSRC
            + "05" // event 5
            + "0a" // E=0, R=0, volume 10
            + "00a0"); // duration 160
        assertArrayEquals(expected, packet.encode());
    }

    @Test
    void setsEndBitAndLeavesMarkerOffOnEndPacket() {
        byte[] bytes = new DtmfPacket(101, false, 7, 1000, 42, 11, true, 10, 800).encode();
        assertEquals(0x65, bytes[1] & 0xFF);
        assertEquals(11, bytes[12]);
        assertEquals(0x8A, bytes[13] & 0xFF);
        assertEquals(800, ((bytes[14] & 0xFF) << 8) | (bytes[15] & 0xFF));
    }

    @Test
    void decodesPacketFromSipTesterPcap() {
        // third-to-last packet of /usr/share/sip-tester/dtmf_2833_1.pcap
        byte[] wire = HexFormat.of().parseHex("80651f37000033e00e05384e018a08c0");
        DtmfPacket packet = DtmfPacket.decode(wire, 0, wire.length);
        assertEquals(new DtmfPacket(101, false, 0x1f37, 0x33e0, 0x0e05384e, 1, true, 10, 0x08c0), packet);
        assertEquals('1', packet.digit());
    }

    @Test
    void roundTripsHighSsrcAndTimestampBits() {
        DtmfPacket packet = new DtmfPacket(96, false, 65535, 0xFFFFFFFFL, 0xFFFFFFFF, 10, true, 63, 65535);
        byte[] bytes = packet.encode();
        assertEquals(packet, DtmfPacket.decode(bytes, 0, bytes.length));
    }

    @Test
    void mapsDigitsToEventCodes() {
        assertEquals(0, DtmfPacket.eventCode('0'));
        assertEquals(9, DtmfPacket.eventCode('9'));
        assertEquals(10, DtmfPacket.eventCode('*'));
        assertEquals(11, DtmfPacket.eventCode('#'));
        assertEquals(12, DtmfPacket.eventCode('a'));
        assertEquals(15, DtmfPacket.eventCode('D'));
        assertEquals('#', DtmfPacket.digitOf(11));
        assertThrows(IllegalArgumentException.class, () -> DtmfPacket.eventCode('x'));
    }

    @Test
    void rejectsNonRtpVersion() {
        byte[] wire = HexFormat.of().parseHex("40651f37000033e00e05384e018a08c0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DtmfPacket.decode(wire, 0, wire.length));
        assertEquals("not RTP version 2: first byte 0x40", e.getMessage());
    }
}
