package ascc.testsupport.sipp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class CustomerCallTest {

    @Test
    void playsOneGeneratedPcapForTheWholeSequenceThenHoldsAndHangsUp() throws Exception {
        String xml = Sipp.customerCallScenario("12,*#", Duration.ofMillis(1500), Duration.ofMillis(400), Duration.ofSeconds(2));
        Matcher m = Pattern.compile("play_pcap_audio=\"([^\"]+\\.pcap)\"").matcher(xml);
        List<String> pcaps = m.results().map(r -> r.group(1)).toList();
        assertEquals(1, pcaps.size(), xml);
        assertTrue(xml.contains("<pause milliseconds=\"1500\"/>"));
        // 4 keys 400 ms apart plus one 1 s pause: the scenario waits for the whole sequence
        assertTrue(xml.contains("<pause milliseconds=\"2600\"/>"), xml);
        assertTrue(xml.contains("<pause milliseconds=\"2000\"/>\n  <send retrans=\"500\">"), "hold then BYE");
        assertTrue(xml.contains("BYE [next_url] SIP/2.0"));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("scenario", doc.getDocumentElement().getTagName());
    }

    @Test
    void generatedPcapHasRisingRtpNumbersSoRepeatedDigitsAreNotDuplicates(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path f = dir.resolve("d.pcap");
        DtmfPcap.write(f, "11", Duration.ofMillis(700), Duration.ofSeconds(1));
        byte[] b = java.nio.file.Files.readAllBytes(f);
        java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int off = 24;
        int lastSeq = -1;
        long lastTs = -1;
        java.util.Set<Long> eventTimestamps = new java.util.LinkedHashSet<>();
        while (off < b.length) {
            int len = le.getInt(off + 8);
            java.nio.ByteBuffer rtp = java.nio.ByteBuffer.wrap(b, off + 16 + 42, 16).slice();
            int seq = rtp.getShort(2) & 0xffff;
            long ts = rtp.getInt(4) & 0xffffffffL;
            assertTrue(seq > lastSeq, "sequence numbers rise");
            assertTrue(ts >= lastTs, "timestamps never go back");
            assertEquals(1, rtp.get(12), "event 1");
            eventTimestamps.add(ts);
            lastSeq = seq;
            lastTs = ts;
            off += 16 + len;
        }
        assertEquals(2, eventTimestamps.size(), "two distinct events, not one repeated");
    }

    @Test
    void offersPcmuAndTelephoneEventAndCarriesExtraHeadersAndCaller() {
        String xml = CustomerCall.of("", Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1))
            .withCaller("0101234567")
            .withHeader("X-CC-Company", "hanbit")
            .withSdpMediaPort(40000)
            .toXml();
        assertTrue(xml.contains("m=audio 40000 RTP/AVP 0 101\n"));
        assertTrue(xml.contains("a=rtpmap:101 telephone-event/8000\n"));
        assertTrue(xml.contains("      X-CC-Company: hanbit\n"));
        assertTrue(xml.contains("From: \"0101234567\" <sip:0101234567@[local_ip]:[local_port]>"));
    }

    @Test
    void waitsForFarEndByeWhenAsked() {
        String xml = CustomerCall.of("5", Duration.ZERO, Duration.ofMillis(300), Duration.ofSeconds(20))
            .withEnding(CustomerCall.Ending.WAIT_FOR_BYE).toXml();
        assertTrue(xml.contains("<recv request=\"BYE\" timeout=\"20000\"/>"));
        assertTrue(!xml.contains("BYE [next_url]"));
    }

    @Test
    void rejectsDigitsWithoutPcapAndTooShortGaps() {
        IllegalArgumentException noPcap = assertThrows(IllegalArgumentException.class,
            () -> CustomerCall.of("1A", Duration.ZERO, Duration.ofMillis(300), Duration.ZERO));
        assertEquals("no DTMF pcap for 'A' (sip-tester ships 0-9, *, #)", noPcap.getMessage());
        IllegalArgumentException shortGap = assertThrows(IllegalArgumentException.class,
            () -> CustomerCall.of("12", Duration.ZERO, Duration.ofMillis(100), Duration.ZERO));
        assertTrue(shortGap.getMessage().contains("100 ms"), shortGap.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> CustomerCall.of("", Duration.ZERO, Duration.ZERO, Duration.ZERO).withHeader("X-Bad", "a\r\nInjected: 1"));
    }
}
