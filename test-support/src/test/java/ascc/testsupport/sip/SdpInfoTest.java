package ascc.testsupport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SdpInfoTest {

    private static final String ASTERISK_OFFER = "v=0\r\n"
        + "o=- 1719 1721 IN IP4 127.0.0.1\r\n"
        + "s=Asterisk\r\n"
        + "c=IN IP4 127.0.0.1\r\n"
        + "t=0 0\r\n"
        + "m=audio 17028 RTP/AVP 0 8 96\r\n"
        + "a=rtpmap:0 PCMU/8000\r\n"
        + "a=rtpmap:8 PCMA/8000\r\n"
        + "a=rtpmap:96 telephone-event/8000\r\n"
        + "a=fmtp:96 0-16\r\n"
        + "a=ptime:20\r\n"
        + "a=sendrecv\r\n";

    @Test
    void readsAddressPortPayloadsAndTelephoneEventType() {
        SdpInfo sdp = SdpInfo.parse(ASTERISK_OFFER);
        assertEquals("127.0.0.1", sdp.connectionAddress());
        assertEquals(17028, sdp.audioPort());
        assertEquals(List.of(0, 8, 96), sdp.payloadTypes());
        assertEquals(OptionalInt.of(96), sdp.telephoneEventPayloadType());
        assertEquals(96, sdp.dtmfPayloadType());
    }

    @Test
    void prefersMediaLevelConnectionOverSessionLevel() {
        SdpInfo sdp = SdpInfo.parse("v=0\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 0\nc=IN IP4 10.0.0.2/127\n");
        assertEquals("10.0.0.2", sdp.connectionAddress());
    }

    @Test
    void defaultsTo101WithoutTelephoneEventRtpmap() {
        SdpInfo sdp = SdpInfo.parse("v=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n");
        assertTrue(sdp.telephoneEventPayloadType().isEmpty());
        assertEquals(101, sdp.dtmfPayloadType());
    }

    @Test
    void ignoresRtpmapsOfLaterNonAudioStreams() {
        SdpInfo sdp = SdpInfo.parse("v=0\nc=IN IP4 127.0.0.1\nm=audio 6000 RTP/AVP 0\nm=video 6002 RTP/AVP 97\n"
            + "a=rtpmap:97 telephone-event/8000\n");
        assertTrue(sdp.telephoneEventPayloadType().isEmpty());
    }

    @Test
    void rejectsBodyWithoutAudioNamingWhatWasMissing() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SdpInfo.parse("v=0\r\nc=IN IP4 127.0.0.1\r\n"));
        assertTrue(e.getMessage().startsWith("SDP without m=audio or c= line (port=-1, address=127.0.0.1)"), e.getMessage());
    }

    @Test
    void answerOffersPcmuAndTelephoneEventOnLoopback() {
        SdpInfo answer = SdpInfo.parse(SdpInfo.answer(42, "127.0.0.1", 40000, 96));
        assertEquals("127.0.0.1", answer.connectionAddress());
        assertEquals(40000, answer.audioPort());
        assertEquals(List.of(0, 96), answer.payloadTypes());
        assertEquals("pcmu/8000", answer.rtpmaps().get(0));
        assertEquals(96, answer.dtmfPayloadType());
    }
}
