package ascc.testsupport.sipp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A customer's call as a SIPp UAC scenario: INVITE (PCMU + telephone-event 101 offer) to {@code [service]},
 * optional 100/180/183, 200 then ACK, a pause, DTMF digits played from sip-tester's RFC 4733 pcaps, then either
 * the caller hangs up after {@code hold} or waits up to {@code hold} for the far end's BYE.
 *
 * @param callerNumber  user part of From/Contact (the caller id the far end sees)
 * @param digits        DTMF digits to play, "" for none (0-9, *, #)
 * @param beforeDigits  pause after the ACK before the first digit
 * @param betweenDigits pause after each digit (at least 200 ms: each pcap lasts 140 ms)
 * @param hold          how long to stay after the digits before BYE, or how long to wait for the far end's BYE
 * @param ending        who ends the call
 * @param headers       extra INVITE headers in order (e.g. X-CC-Company: hanbit)
 * @param sdpMediaPort  audio port put in the SDP offer, 0 for SIPp's own {@code [media_port]}
 * @param pcapDir       directory with dtmf_2833_*.pcap
 */
public record CustomerCall(String callerNumber, String digits, Duration beforeDigits, Duration betweenDigits, Duration hold,
                           Ending ending, Map<String, String> headers, int sdpMediaPort, Path pcapDir, Duration speech) {

    /** As the canonical constructor, without speech. */
    public CustomerCall(String callerNumber, String digits, Duration beforeDigits, Duration betweenDigits, Duration hold,
                        Ending ending, Map<String, String> headers, int sdpMediaPort, Path pcapDir) {
        this(callerNumber, digits, beforeDigits, betweenDigits, hold, ending, headers, sdpMediaPort, pcapDir, Duration.ZERO);
    }

    /** After the keys, the customer speaks (a 440 Hz tone) for {@code length}, at the start of the hold. */
    public CustomerCall withSpeech(Duration length) {
        return new CustomerCall(callerNumber, digits, beforeDigits, betweenDigits, hold, ending, headers, sdpMediaPort, pcapDir,
                length);
    }

    /** Who ends the call. */
    public enum Ending {
        /** The scenario sends BYE after {@code hold}. */
        CALLER_HANGS_UP,
        /** The scenario waits up to {@code hold} for a BYE and answers it 200 OK. */
        WAIT_FOR_BYE
    }

    /** In {@code digits}, a comma is a 1-second pause (to key the next answer when the next prompt listens). */
    public static final char PAUSE = ',';
    public static final Duration PAUSE_LENGTH = Duration.ofSeconds(1);

    /** Minimum gap between digits: the sip-tester DTMF pcaps last 140 ms. */
    public static final Duration MIN_BETWEEN_DIGITS = Duration.ofMillis(200);

    public CustomerCall {
        Objects.requireNonNull(callerNumber, "callerNumber");
        Objects.requireNonNull(digits, "digits");
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(pcapDir, "pcapDir");
        if (!callerNumber.matches("[A-Za-z0-9+*#._-]+")) {
            throw new IllegalArgumentException("caller number must be a plain SIP user part, got '" + callerNumber + "'");
        }
        for (char c : digits.toCharArray()) {
            if (c != PAUSE) {
                pcapName(c);
            }
        }
        if (digits.length() > 0 && betweenDigits.compareTo(MIN_BETWEEN_DIGITS) < 0) {
            throw new IllegalArgumentException("betweenDigits " + betweenDigits.toMillis() + " ms is shorter than the "
                + MIN_BETWEEN_DIGITS.toMillis() + " ms a DTMF pcap needs");
        }
        requireNonNegative(beforeDigits, "beforeDigits");
        requireNonNegative(betweenDigits, "betweenDigits");
        requireNonNegative(hold, "hold");
        Map<String, String> copy = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.matches("[A-Za-z0-9-]+") || value.contains("\r") || value.contains("\n") || value.contains("]]>")) {
                throw new IllegalArgumentException("bad extra header " + name + ": " + value);
            }
            copy.put(name, value);
        });
        headers = Collections.unmodifiableMap(copy);
        if (sdpMediaPort < 0 || sdpMediaPort > 65535) {
            throw new IllegalArgumentException("sdpMediaPort out of range: " + sdpMediaPort);
        }
    }

    private static void requireNonNegative(Duration d, String name) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, got " + d);
        }
    }

    /** Caller "sipp", no extra headers, caller hangs up, SIPp's media port, sip-tester's pcaps. */
    public static CustomerCall of(String digits, Duration beforeDigits, Duration betweenDigits, Duration hold) {
        return new CustomerCall("sipp", digits, beforeDigits, betweenDigits, hold, Ending.CALLER_HANGS_UP, Map.of(), 0,
            Sipp.DTMF_PCAP_DIR);
    }

    public CustomerCall withCaller(String number) {
        return new CustomerCall(number, digits, beforeDigits, betweenDigits, hold, ending, headers, sdpMediaPort, pcapDir, speech);
    }

    public CustomerCall withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new CustomerCall(callerNumber, digits, beforeDigits, betweenDigits, hold, ending, more, sdpMediaPort, pcapDir, speech);
    }

    public CustomerCall withEnding(Ending value) {
        return new CustomerCall(callerNumber, digits, beforeDigits, betweenDigits, hold, value, headers, sdpMediaPort, pcapDir, speech);
    }

    public CustomerCall withSdpMediaPort(int port) {
        return new CustomerCall(callerNumber, digits, beforeDigits, betweenDigits, hold, ending, headers, port, pcapDir, speech);
    }

    public CustomerCall withPcapDir(Path dir) {
        return new CustomerCall(callerNumber, digits, beforeDigits, betweenDigits, hold, ending, headers, sdpMediaPort, dir, speech);
    }

    /** The pcap file name for a digit: dtmf_2833_0.pcap .. dtmf_2833_9.pcap, dtmf_2833_star.pcap, dtmf_2833_pound.pcap. */
    public static String pcapName(char digit) {
        if (digit >= '0' && digit <= '9') {
            return "dtmf_2833_" + digit + ".pcap";
        }
        return switch (digit) {
            case '*' -> "dtmf_2833_star.pcap";
            case '#' -> "dtmf_2833_pound.pcap";
            default -> throw new IllegalArgumentException("no DTMF pcap for '" + digit + "' (sip-tester ships 0-9, *, #)");
        };
    }

    private static Path dtmfPcapFile() {
        try {
            Path p = java.nio.file.Files.createTempFile("ascc-dtmf-", ".pcap");
            p.toFile().deleteOnExit();
            return p;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The SIPp scenario XML. */
    public String toXml() {
        String caller = callerNumber;
        String mediaPort = sdpMediaPort == 0 ? "[media_port]" : Integer.toString(sdpMediaPort);
        StringBuilder extra = new StringBuilder();
        headers.forEach((name, value) -> extra.append("      ").append(name).append(": ").append(value).append('\n'));
        StringBuilder xml = new StringBuilder();
        xml.append("<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n")
            .append("<!-- generated by ascc.testsupport.sipp.CustomerCall: digits '").append(digits).append("', ending ")
            .append(ending).append(" -->\n")
            .append("<scenario name=\"ascc customer call\">\n")
            .append("  <send retrans=\"500\">\n    <![CDATA[\n\n")
            .append("      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0\n")
            .append("      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n")
            .append("      From: \"").append(caller).append("\" <sip:").append(caller)
            .append("@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]\n")
            .append("      To: <sip:[service]@[remote_ip]:[remote_port]>\n")
            .append("      Call-ID: [call_id]\n")
            .append("      CSeq: 1 INVITE\n")
            .append("      Contact: <sip:").append(caller).append("@[local_ip]:[local_port];transport=[transport]>\n")
            .append("      Max-Forwards: 70\n")
            .append("      User-Agent: ascc-sipp-customer\n")
            .append(extra)
            .append("      Content-Type: application/sdp\n")
            .append("      Content-Length: [len]\n\n")
            .append("      v=0\n")
            .append("      o=customer 53655765 2353687637 IN IP[local_ip_type] [local_ip]\n")
            .append("      s=-\n")
            .append("      c=IN IP[media_ip_type] [media_ip]\n")
            .append("      t=0 0\n")
            .append("      m=audio ").append(mediaPort).append(" RTP/AVP 0 101\n")
            .append("      a=rtpmap:0 PCMU/8000\n")
            .append("      a=rtpmap:101 telephone-event/8000\n")
            .append("      a=fmtp:101 0-15\n")
            .append("      a=ptime:20\n\n")
            .append("    ]]>\n  </send>\n\n")
            .append("  <recv response=\"100\" optional=\"true\"/>\n")
            .append("  <recv response=\"180\" optional=\"true\"/>\n")
            .append("  <recv response=\"183\" optional=\"true\"/>\n")
            .append("  <recv response=\"200\" rtd=\"true\" rrs=\"true\"/>\n\n")
            .append("  <send>\n    <![CDATA[\n\n")
            .append("      ACK [next_url] SIP/2.0\n")
            .append(inDialogHeaders(caller, "1 ACK"))
            .append("      Content-Length: 0\n\n")
            .append("    ]]>\n  </send>\n\n");
        pause(xml, beforeDigits);
        if (!digits.isEmpty()) {
            // one generated pcap for the whole sequence: rising RTP numbers, so Asterisk takes repeated digits
            Path pcap = dtmfPcapFile();
            Duration length = DtmfPcap.write(pcap, digits, betweenDigits, PAUSE_LENGTH);
            xml.append("  <nop><action><exec play_pcap_audio=\"").append(pcap).append("\"/></action></nop>\n");
            pause(xml, length);
        }
        if (speech != null && !speech.isZero()) {
            Path tone = dtmfPcapFile();
            DtmfPcap.writeTone(tone, speech);
            xml.append("  <nop><action><exec play_pcap_audio=\"").append(tone).append("\"/></action></nop>\n");
        }
        if (ending == Ending.CALLER_HANGS_UP) {
            pause(xml, hold);
            xml.append("  <send retrans=\"500\">\n    <![CDATA[\n\n")
                .append("      BYE [next_url] SIP/2.0\n")
                .append(inDialogHeaders(caller, "2 BYE"))
                .append("      Content-Length: 0\n\n")
                .append("    ]]>\n  </send>\n\n")
                .append("  <recv response=\"200\" crlf=\"true\"/>\n");
        } else {
            xml.append("  <recv request=\"BYE\" timeout=\"").append(Math.max(1, hold.toMillis())).append("\"/>\n")
                .append("  <send>\n    <![CDATA[\n\n")
                .append("      SIP/2.0 200 OK\n")
                .append("      [last_Via:]\n      [last_From:]\n      [last_To:]\n      [last_Call-ID:]\n      [last_CSeq:]\n")
                .append("      Contact: <sip:").append(caller).append("@[local_ip]:[local_port];transport=[transport]>\n")
                .append("      Content-Length: 0\n\n")
                .append("    ]]>\n  </send>\n");
        }
        xml.append("\n  <ResponseTimeRepartition value=\"10, 20, 50, 100, 200, 500, 1000\"/>\n")
            .append("</scenario>\n");
        return xml.toString();
    }

    private static String inDialogHeaders(String caller, String cseq) {
        return "      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
            + "      [routes]\n"
            + "      From: \"" + caller + "\" <sip:" + caller + "@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]\n"
            + "      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]\n"
            + "      Call-ID: [call_id]\n"
            + "      CSeq: " + cseq + "\n"
            + "      Contact: <sip:" + caller + "@[local_ip]:[local_port];transport=[transport]>\n"
            + "      Max-Forwards: 70\n";
    }

    private static void pause(StringBuilder xml, Duration d) {
        if (!d.isZero()) {
            xml.append("  <pause milliseconds=\"").append(d.toMillis()).append("\"/>\n");
        }
    }
}
