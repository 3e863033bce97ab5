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
    void playsOnePcapPerDigitInOrderWithPausesBetween() throws Exception {
        String xml = Sipp.customerCallScenario("12*#", Duration.ofMillis(1500), Duration.ofMillis(400), Duration.ofSeconds(2));
        Matcher m = Pattern.compile("play_pcap_audio=\"/usr/share/sip-tester/(dtmf_2833_\\w+\\.pcap)\"").matcher(xml);
        List<String> pcaps = m.results().map(r -> r.group(1)).toList();
        assertEquals(List.of("dtmf_2833_1.pcap", "dtmf_2833_2.pcap", "dtmf_2833_star.pcap", "dtmf_2833_pound.pcap"), pcaps);
        assertTrue(xml.contains("<pause milliseconds=\"1500\"/>"));
        assertEquals(4, xml.split("<pause milliseconds=\"400\"/>", -1).length - 1);
        assertTrue(xml.contains("<pause milliseconds=\"2000\"/>\n  <send retrans=\"500\">"), "hold then BYE");
        assertTrue(xml.contains("BYE [next_url] SIP/2.0"));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("scenario", doc.getDocumentElement().getTagName());
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
