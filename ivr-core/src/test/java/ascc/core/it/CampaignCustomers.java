package ascc.core.it;

import ascc.testsupport.sipp.DtmfPcap;
import ascc.testsupport.sipp.Sipp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SIPp UAS standing for every customer of a campaign: it answers each INVITE by the number in its request URI.
 * <ul>
 *   <li>{@code busy}: 486 Busy Here;</li>
 *   <li>{@code invalid}: 404 Not Found (the number does not exist);</li>
 *   <li>{@code noAnswer}: 180 Ringing until the caller cancels (then 200 to the CANCEL, 487 to the INVITE);</li>
 *   <li>{@code partial}: answers, keys {@code partialDigits} (RFC 4733), then hangs up itself;</li>
 *   <li>anyone else: answers, keys {@code digits} 2 s apart and waits for the engine's BYE.</li>
 * </ul>
 * SIPp's message log ({@code messages.log} in its work dir) shows every INVITE that reached a customer.
 */
final class CampaignCustomers implements AutoCloseable {
    private static final Duration BEFORE_DIGITS = Duration.ofMillis(1500);
    private static final Duration BETWEEN = Duration.ofSeconds(2);

    private final Sipp.Running sipp;
    private final Path messages;

    private CampaignCustomers(Sipp.Running sipp, Path messages) {
        this.sipp = sipp;
        this.messages = messages;
    }

    static CampaignCustomers start(int port, int mediaPort, String digits, String busy, String noAnswer, String partial,
            String partialDigits) throws IOException {
        return start(port, mediaPort, digits, busy, noAnswer, partial, partialDigits, "none");
    }

    static CampaignCustomers start(int port, int mediaPort, String digits, String busy, String noAnswer, String partial,
            String partialDigits, String invalid) throws IOException {
        return start("127.0.0.1", port, mediaPort, digits, busy, noAnswer, partial, partialDigits, invalid);
    }

    /** Customers who all answer and key {@code digits}, listening on {@code localIp} (e.g. the namespaces' bridge). */
    static CampaignCustomers answeringOn(String localIp, int port, int mediaPort, String digits) throws IOException {
        return start(localIp, port, mediaPort, digits, "none", "none", "none", "4", "none");
    }

    private static CampaignCustomers start(String localIp, int port, int mediaPort, String digits, String busy, String noAnswer,
            String partial, String partialDigits, String invalid) throws IOException {
        Path dir = Files.createTempDirectory("sipp-campaign-");
        Path full = dir.resolve("answers.pcap");
        Duration fullLength = DtmfPcap.write(full, digits, BETWEEN, Duration.ofMillis(500));
        Path part = dir.resolve("partial.pcap");
        Duration partLength = DtmfPcap.write(part, partialDigits, BETWEEN, Duration.ofMillis(500));
        String xml = scenario(busy, noAnswer, partial, full, fullLength, part, partLength).replace("INVALID_NUMBER", invalid);
        Path messages = dir.resolve("messages.log");
        Sipp.Running r = Sipp.builder()
                .scenarioXml("campaign-customers", xml)
                .localIp(localIp)
                .localPort(port)
                .mediaPort(mediaPort)
                .workDir(dir)
                .timeout(Duration.ofMinutes(10))
                .args("-trace_msg", "-message_file", messages.toString())
                .start();
        return new CampaignCustomers(r, messages);
    }

    /** The request-URI numbers of every INVITE the customers received, in arrival order. */
    List<String> invitedNumbers() throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.exists(messages)) {
            return out;
        }
        String log = Files.readString(messages, java.nio.charset.StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("(?m)^INVITE sip:([0-9]+)@").matcher(log);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /**
     * One call as the customers saw it, from SIPp's message log (one process, one clock): its request-URI number, the
     * host of its INVITE's top Via (the box that sent it), when the INVITE arrived and when the call ended (BYE in either
     * direction, CANCEL, or a final error response sent; null while it is up).
     */
    record Dialog(String callId, String number, String via, LocalDateTime invited, LocalDateTime ended) {
    }

    private static final Pattern ENTRY = Pattern.compile("(?m)^-{20,} (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+)\\s*$");
    private static final DateTimeFormatter STAMP = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).toFormatter();
    private static final Pattern INVITE_NUMBER = Pattern.compile("^INVITE sip:([0-9]+)@");
    private static final Pattern VIA_HOST = Pattern.compile("SIP/2\\.0/\\S+ ([^:;\\s]+)");

    /** Every call in the message log, in INVITE order (a retransmitted INVITE is the same call). */
    List<Dialog> dialogs() throws IOException {
        if (!Files.exists(messages)) {
            return List.of();
        }
        String log = Files.readString(messages, java.nio.charset.StandardCharsets.ISO_8859_1);
        Map<String, Dialog> byId = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(log);
        List<int[]> bounds = new ArrayList<>(); // each entry's separator line: start, end
        List<LocalDateTime> stamps = new ArrayList<>();
        while (m.find()) {
            bounds.add(new int[] {m.start(), m.end()});
            stamps.add(LocalDateTime.parse(m.group(1), STAMP));
        }
        for (int i = 0; i < bounds.size(); i++) {
            int from = bounds.get(i)[1];
            int to = i + 1 < bounds.size() ? bounds.get(i + 1)[0] : log.length();
            // "UDP message received [930] bytes :" or "UDP message sent (631 bytes):", an empty line, the SIP message
            List<String> all = log.substring(from, to).strip().lines().toList();
            boolean sent = !all.isEmpty() && all.getFirst().startsWith("UDP message sent");
            String[] lines = all.size() > 2 ? all.subList(2, all.size()).toArray(String[]::new) : new String[0];
            String first = lines.length > 0 ? lines[0] : "";
            String callId = header(lines, "Call-ID");
            if (callId == null) {
                continue;
            }
            Dialog d = byId.get(callId);
            if (!sent && first.startsWith("INVITE ") && d == null) {
                Matcher n = INVITE_NUMBER.matcher(first);
                String via = header(lines, "Via");
                Matcher h = VIA_HOST.matcher(via == null ? "" : via);
                byId.put(callId, new Dialog(callId, n.find() ? n.group(1) : "?", h.find() ? h.group(1) : "?", stamps.get(i), null));
            } else if (d != null && d.ended() == null && ends(first, sent, header(lines, "CSeq"))) {
                byId.put(callId, new Dialog(callId, d.number(), d.via(), d.invited(), stamps.get(i)));
            }
        }
        return List.copyOf(byId.values());
    }

    private static boolean ends(String firstLine, boolean sent, String cseq) {
        if (firstLine.startsWith("BYE ") || !sent && firstLine.startsWith("CANCEL ")) {
            return true;
        }
        // a final error answer to the INVITE (busy, not found, request terminated)
        return sent && firstLine.matches("SIP/2\\.0 [3-6]\\d\\d .*") && cseq != null && cseq.endsWith("INVITE");
    }

    private static String header(String[] lines, String name) {
        for (String l : lines) {
            if (l.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return l.substring(name.length() + 1).trim();
            }
            if (l.isEmpty()) {
                break; // the body
            }
        }
        return null;
    }

    /**
     * The most calls up at once among {@code calls} (an INVITE arriving at the very time another call ended does not
     * overlap it); a call still up counts to the end.
     */
    static int maxConcurrent(List<Dialog> calls) {
        List<Map.Entry<LocalDateTime, Integer>> steps = new ArrayList<>();
        for (Dialog d : calls) {
            steps.add(Map.entry(d.invited(), 1));
            steps.add(Map.entry(d.ended() != null ? d.ended() : LocalDateTime.MAX, -1));
        }
        steps.sort(Map.Entry.<LocalDateTime, Integer>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        int up = 0;
        int max = 0;
        for (Map.Entry<LocalDateTime, Integer> s : steps) {
            up += s.getValue();
            max = Math.max(max, up);
        }
        return max;
    }

    long invites(String number) throws IOException {
        return invitedNumbers().stream().filter(number::equals).count();
    }

    Path workDir() {
        return sipp.workDir();
    }

    boolean isAlive() {
        return sipp.isAlive();
    }

    @Override
    public void close() {
        sipp.close();
    }

    private static String scenario(String busy, String noAnswer, String partial, Path full, Duration fullLength, Path part,
            Duration partLength) {
        String answer = """
                  <send>
                    <![CDATA[

                      SIP/2.0 200 OK
                      [last_Via:]
                      [last_From:]
                      [last_To:];tag=[pid]SIPpTag01[call_number]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Contact: <sip:customer@[local_ip]:[local_port];transport=[transport]>
                      Content-Type: application/sdp
                      Content-Length: [len]

                      v=0
                      o=customer 53655765 2353687637 IN IP[local_ip_type] [local_ip]
                      s=-
                      c=IN IP[media_ip_type] [media_ip]
                      t=0 0
                      m=audio [media_port] RTP/AVP 0 101
                      a=rtpmap:0 PCMU/8000
                      a=rtpmap:101 telephone-event/8000
                      a=fmtp:101 0-15
                      a=ptime:20

                    ]]>
                  </send>
                  <recv request="ACK" crlf="true"/>
                """;
        String reply200 = """
                  <send>
                    <![CDATA[

                      SIP/2.0 200 OK
                      [last_Via:]
                      [last_From:]
                      [last_To:]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Content-Length: 0

                    ]]>
                  </send>
                """;
        return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <scenario name="ascc campaign customers">
                  <recv request="INVITE" crlf="true" rrs="true">
                    <action>
                      <ereg regexp="INVITE sip:%1$s@" search_in="msg" check_it="false" assign_to="busy"/>
                      <ereg regexp="INVITE sip:%2$s@" search_in="msg" check_it="false" assign_to="noans"/>
                      <ereg regexp="INVITE sip:%3$s@" search_in="msg" check_it="false" assign_to="partial"/>
                      <ereg regexp="INVITE sip:INVALID_NUMBER@" search_in="msg" check_it="false" assign_to="invalid"/>
                      <ereg regexp=".*" search_in="hdr" header="From:" check_it="true" assign_to="remote_from"/>
                      <ereg regexp=".*" search_in="hdr" header="To:" check_it="true" assign_to="local_to"/>
                      <ereg regexp="[0-9]+" search_in="hdr" header="CSeq:" check_it="true" assign_to="invite_cseq"/>
                    </action>
                  </recv>
                  <nop test="busy" next="busy"/>
                  <nop test="invalid" next="invalid"/>
                  <nop test="noans" next="noans"/>
                %4$s
                  <pause milliseconds="%5$d"/>
                  <nop test="partial" next="partial_keys"/>
                  <nop><action><exec play_pcap_audio="%6$s"/></action></nop>
                  <!-- the pcap plays on its own thread (%7$d ms); the engine's BYE may come any time after it -->
                  <recv request="BYE"/>
                %8$s
                  <nop next="end"/>

                  <label id="partial_keys"/>
                  <nop><action><exec play_pcap_audio="%9$s"/></action></nop>
                  <pause milliseconds="%10$d"/>
                  <send retrans="500">
                    <![CDATA[

                      BYE [next_url] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                      [routes]
                      From: [$local_to];tag=[pid]SIPpTag01[call_number]
                      To: [$remote_from]
                      Call-ID: [call_id]
                      CSeq: 2 BYE
                      Contact: <sip:customer@[local_ip]:[local_port];transport=[transport]>
                      Max-Forwards: 70
                      Content-Length: 0

                    ]]>
                  </send>
                  <recv response="200"/>
                  <nop next="end"/>

                  <label id="busy"/>
                  <send>
                    <![CDATA[

                      SIP/2.0 486 Busy Here
                      [last_Via:]
                      [last_From:]
                      [last_To:];tag=[pid]SIPpTag01[call_number]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Content-Length: 0

                    ]]>
                  </send>
                  <recv request="ACK"/>
                  <nop next="end"/>

                  <label id="invalid"/>
                  <send>
                    <![CDATA[

                      SIP/2.0 404 Not Found
                      [last_Via:]
                      [last_From:]
                      [last_To:];tag=[pid]SIPpTag01[call_number]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Content-Length: 0

                    ]]>
                  </send>
                  <recv request="ACK"/>
                  <nop next="end"/>

                  <label id="noans"/>
                  <send>
                    <![CDATA[

                      SIP/2.0 180 Ringing
                      [last_Via:]
                      [last_From:]
                      [last_To:];tag=[pid]SIPpTag01[call_number]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Contact: <sip:customer@[local_ip]:[local_port];transport=[transport]>
                      Content-Length: 0

                    ]]>
                  </send>
                  <recv request="CANCEL"/>
                %8$s
                  <send>
                    <![CDATA[

                      SIP/2.0 487 Request Terminated
                      [last_Via:]
                      [last_From:]
                      [last_To:];tag=[pid]SIPpTag01[call_number]
                      [last_Call-ID:]
                      CSeq: [$invite_cseq] INVITE
                      Content-Length: 0

                    ]]>
                  </send>
                  <recv request="ACK"/>

                  <label id="end"/>
                  <nop/>
                </scenario>
                """.formatted(busy, noAnswer, partial, answer, BEFORE_DIGITS.toMillis(), full, fullLength.toMillis() + 500, reply200, part,
                partLength.toMillis() + 2500);
    }
}
