package ascc.testsupport.sip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The parts of an SDP body this phone needs: where to send audio, which payload types are offered and what
 * payload type carries RFC 4733 telephone-event.
 *
 * @param connectionAddress the audio media connection address (media-level c= if present, else session-level)
 * @param audioPort         port of the first m=audio line
 * @param payloadTypes      payload types on the m=audio line, in offer order
 * @param rtpmaps           payload type to encoding ("telephone-event/8000", "PCMU/8000"), lower-cased name
 */
public record SdpInfo(String connectionAddress, int audioPort, List<Integer> payloadTypes, Map<Integer, String> rtpmaps) {

    /** Payload type used for telephone-event when the offer names none. */
    public static final int DEFAULT_TELEPHONE_EVENT_PT = 101;

    public SdpInfo {
        payloadTypes = List.copyOf(payloadTypes);
        rtpmaps = Map.copyOf(rtpmaps);
    }

    /**
     * Parses an SDP body.
     *
     * @throws IllegalArgumentException when there is no m=audio line or no connection address, with the body in the message
     */
    public static SdpInfo parse(String sdp) {
        String sessionAddress = null;
        String mediaAddress = null;
        int port = -1;
        List<Integer> payloads = new ArrayList<>();
        Map<Integer, String> rtpmaps = new LinkedHashMap<>();
        boolean inAudio = false;
        for (String rawLine : sdp.split("\r?\n")) {
            String line = rawLine.trim();
            if (line.startsWith("m=")) {
                inAudio = port < 0 && line.startsWith("m=audio ");
                if (inAudio) {
                    String[] parts = line.substring(2).split("\\s+");
                    port = Integer.parseInt(parts[1].split("/")[0]);
                    for (int i = 3; i < parts.length; i++) {
                        payloads.add(Integer.parseInt(parts[i]));
                    }
                }
            } else if (line.startsWith("c=")) {
                String[] parts = line.substring(2).split("\\s+");
                String address = parts.length >= 3 ? parts[2].split("/")[0] : null;
                if (inAudio) {
                    mediaAddress = address;
                } else if (port < 0) {
                    sessionAddress = address;
                }
            } else if (inAudio && line.startsWith("a=rtpmap:")) {
                String value = line.substring("a=rtpmap:".length());
                int space = value.indexOf(' ');
                if (space > 0) {
                    rtpmaps.put(Integer.parseInt(value.substring(0, space).trim()),
                        value.substring(space + 1).trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        String address = mediaAddress != null ? mediaAddress : sessionAddress;
        if (port < 0 || address == null) {
            throw new IllegalArgumentException("SDP without m=audio or c= line (port=" + port + ", address=" + address
                + "): " + sdp.replace("\r\n", "\\r\\n"));
        }
        return new SdpInfo(address, port, payloads, rtpmaps);
    }

    /** The payload type the offer maps to telephone-event/8000, if any. */
    public OptionalInt telephoneEventPayloadType() {
        return rtpmaps.entrySet().stream()
            .filter(e -> e.getValue().startsWith("telephone-event/8000"))
            .mapToInt(Map.Entry::getKey)
            .sorted()
            .findFirst();
    }

    /** Payload type for DTMF: the offer's telephone-event payload type, else {@value #DEFAULT_TELEPHONE_EVENT_PT}. */
    public int dtmfPayloadType() {
        return telephoneEventPayloadType().orElse(DEFAULT_TELEPHONE_EVENT_PT);
    }

    /**
     * An SDP answer (or offer) for PCMU/8000 plus telephone-event/8000.
     *
     * @param sessionId      o= session id and version
     * @param address        IPv4 address for o= and c=
     * @param rtpPort        local RTP port
     * @param eventPayload   telephone-event payload type
     */
    public static String answer(long sessionId, String address, int rtpPort, int eventPayload) {
        return "v=0\r\n"
            + "o=ascc-phone " + sessionId + " " + sessionId + " IN IP4 " + address + "\r\n"
            + "s=ascc test phone\r\n"
            + "c=IN IP4 " + address + "\r\n"
            + "t=0 0\r\n"
            + "m=audio " + rtpPort + " RTP/AVP 0 " + eventPayload + "\r\n"
            + "a=rtpmap:0 PCMU/8000\r\n"
            + "a=rtpmap:" + eventPayload + " telephone-event/8000\r\n"
            + "a=fmtp:" + eventPayload + " 0-16\r\n"
            + "a=ptime:20\r\n"
            + "a=sendrecv\r\n";
    }
}
