package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.core.happycall.HappyCall;
import ascc.routing.callbacks.FollowUpStatus;
import ascc.routing.happycall.HappyCallStatus;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.DtmfPcap;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Happy-call through the real stack: a SIPp customer calls alpha and is served by agent 2101 (TestPhone); the call
 * record written to MariaDB schedules a happy-call (it-conf/campaigns.yaml: due at once). The engine's own happy-call
 * job hands it to the production dialer (campaign {@code HappyCallDialer} over the {@code OutboundDialer}), which
 * originates it over the ascc-outbound endpoint to a SIPp customer (UAS); Asterisk runs the engine's FastAGI
 * happy-call flow, the customer keys 1 with RFC 4733 DTMF, the score is stored against the original call and agent,
 * and a follow-up callback task for the general desk is opened. A row a killed engine left queued is closed at start
 * and its number never called (the UAS takes one call only).
 */
class HappyCallIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int UAS_PORT = 5191;

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    /** Happy-calls of other tests still waiting would be dialed to this test's customer: closed first. */
    static void closeWaitingHappyCalls() throws Exception {
        CampaignIT.cleanCampaign(); // migrates the test database first, closes waiting happy-calls
    }

    /** A happy-call row a killed engine left queued (claimed, never resolved) long ago, to another number. */
    private static long insertStuckQueued(String number) throws Exception {
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("INSERT INTO happy_call (original_linked_id,"
                + " company_id, campaign_id, agent_id, desk_id, inquiry_type, dial_number, call_ended_at, due_at, status, created_at,"
                + " updated_at, dialed_at) VALUES (?, 'alpha', 'happy-call', '2101', 'desk-appliance', 'fault', ?, ?, ?, 'queued', ?, ?,"
                + " ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            Timestamp old = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC).minusMinutes(10));
            ps.setString(1, "it-stuck-" + System.nanoTime());
            ps.setString(2, number);
            for (int i = 3; i <= 7; i++) {
                ps.setTimestamp(i, old);
            }
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                assertTrue(rs.next());
                return rs.getLong(1);
            }
        }
    }

    /** The happy-call's status, or null while it cannot be read. */
    private static HappyCallStatus status(Engine engine, long id) {
        try {
            return new ascc.core.happycall.HappyCallStore(RealStack.dataSource()).find(id).orElseThrow().status();
        } catch (Exception e) {
            return null;
        }
    }

    private static void await(String what, Duration max, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, () -> "timed out after " + max.toSeconds() + " s waiting for: " + what);
            Thread.sleep(200);
        }
    }

    @Test
    void servedCallSchedulesHappyCallAndLowDtmfScoreOpensFollowUpForTheOriginalCallAndAgent() throws Exception {
        String caller = "0105550" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        String stuckNumber = "0105551" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        closeWaitingHappyCalls();
        long stuck = insertStuckQueued(stuckNumber);
        Instant start = Instant.now().minusSeconds(1);
        Path dir = Files.createTempDirectory("happy-call-uas");
        Path pcap = dir.resolve("dtmf-1.pcap");
        Duration dtmf = DtmfPcap.write(pcap, "1", Duration.ofMillis(300), Duration.ofSeconds(1));
        // the customer's phone (SIPp UAS, one call only) waits from the start: any other call would take its one call
        Sipp.Running uas = Sipp.builder().scenarioXml("happy-call-customer", uasXml(pcap, Duration.ofMillis(2500), dtmf))
                .localPort(UAS_PORT).calls(1).timeout(Duration.ofSeconds(150)).workDir(dir).start();
        try (Engine engine = RealStack.startEngine(Map.of("ASCC_IT_CUSTOMER_PORT", Integer.toString(UAS_PORT)));
             TestPhone agent = RealStack.phone("2101")) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            agent.setAutoAnswer(Duration.ofMillis(300));
            FoundationIT.awaitMemberAvailable("desk-appliance", "2101");

            // 1. the inbound call: product menu 1 (home appliances), inquiry 1 (fault), served by 2101
            SippResult in = FoundationIT.customerCall("0700000001", caller, "11", Duration.ofSeconds(4), 5181);
            assertTrue(in.allSucceeded(), () -> "inbound SIPp call failed: " + in.describe());
            Map<String, Object> record = FoundationIT.awaitRecord("0700000001", start);
            String original = (String) record.get("linked_id");
            assertEquals("2101", record.get("agent_id"));

            // 2. the written call record scheduled a happy-call, with the full number kept for dialing
            AtomicReference<HappyCall> scheduled = new AtomicReference<>();
            FoundationIT.awaitTrue("happy-call scheduled after call " + original, () -> {
                try {
                    new ascc.core.happycall.HappyCallStore(RealStack.dataSource()).findByOriginal(original).ifPresent(scheduled::set);
                    return scheduled.get() != null;
                } catch (Exception e) {
                    return false;
                }
            });
            HappyCall h = scheduled.get();
            assertEquals(caller, h.dialNumber());
            assertEquals("2101", h.agentId());
            assertTrue(List.of(HappyCallStatus.SCHEDULED, HappyCallStatus.QUEUED).contains(h.status()), h.status().id());

            // 3. the engine's own happy-call job (Quartz, every 30 s) hands it to the production dialer (the campaigns'
            // OutboundDialer: AMI Originate over ascc-outbound); the customer's phone (SIPp UAS) answers and keys 1.
            // The test has Quartz run that job now rather than wait up to 30 s for its next firing.
            org.quartz.Scheduler quartz = org.quartz.impl.SchedulerRepository.getInstance().lookup("ascc");
            assertTrue(quartz != null, "the engine's scheduler 'ascc' runs in this JVM");
            quartz.triggerJob(ascc.core.happycall.HappyCallJob.JOB);
            try (Sipp.Running customer = uas) {
                // 4. score stored for the original call and agent; the low score opened a follow-up for the general desk
                await("happy-call completed", Duration.ofSeconds(60), () -> HappyCallStatus.COMPLETED.equals(status(engine, h.id())));
                assertEquals(Map.of("satisfaction", 1), new ascc.core.happycall.HappyCallStore(RealStack.dataSource()).answers(h.id()));
                SippResult out = customer.await(Duration.ofSeconds(30));
                assertTrue(out.allSucceeded(), () -> "happy-call SIPp customer failed: " + out.describe());
                assertEquals(1, out.successfulCalls(), () -> "exactly one INVITE reached the customer side: " + out.describe());
            }
            // never billable: no campaign attempt (the only billable rows) for the happy-call's number
            try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM campaign_attempt WHERE phone = ? OR phone = ?")) {
                ps.setString(1, caller);
                ps.setString(2, stuckNumber);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(0, rs.getInt(1), "happy-calls write no (billable) campaign attempt");
                }
            }
            // the row a killed engine left queued was closed as failed at start, and its number was never called
            assertEquals(HappyCallStatus.FAILED, status(engine, stuck));
            CallbackStore callbacks = new CallbackStore(RealStack.dataSource());
            AtomicReference<List<CallbackRequest>> tasks = new AtomicReference<>(List.of());
            FoundationIT.awaitTrue("follow-up task about call " + original, () -> {
                try {
                    tasks.set(callbacks.findRelated(original));
                    return !tasks.get().isEmpty();
                } catch (Exception e) {
                    return false;
                }
            });
            CallbackRequest task = tasks.get().get(0);
            assertEquals(1, tasks.get().size());
            assertEquals("general", task.deskId());
            assertEquals(caller, task.number());
            assertEquals("happy-call low score 1 on satisfaction (agent 2101)", task.reason());
            assertTrue(List.of(FollowUpStatus.PENDING, FollowUpStatus.DUE).contains(task.status()), task.status().name());
        } finally {
            uas.close();
        }
    }

    /** SIPp UAS: answers with PCMU + telephone-event, waits, sends the DTMF pcap, then waits for Asterisk's BYE. */
    static String uasXml(Path pcap, Duration beforeDigits, Duration dtmf) {
        String reply = """
                      [last_Via:]
                      [last_From:]
                      [last_To:];tag=[pid]SIPpTag01[call_number]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Contact: <sip:customer@[local_ip]:[local_port];transport=[transport]>
                """;
        return "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n<scenario name=\"ascc happy-call customer\">\n"
                + "  <recv request=\"INVITE\" crlf=\"true\"/>\n"
                + "  <send>\n    <![CDATA[\n\n      SIP/2.0 180 Ringing\n" + reply + "      Content-Length: 0\n\n    ]]>\n  </send>\n"
                + "  <send retrans=\"500\">\n    <![CDATA[\n\n      SIP/2.0 200 OK\n" + reply
                + "      Content-Type: application/sdp\n      Content-Length: [len]\n\n"
                + "      v=0\n      o=customer 53655765 2353687637 IN IP[local_ip_type] [local_ip]\n      s=-\n"
                + "      c=IN IP[media_ip_type] [media_ip]\n      t=0 0\n      m=audio [media_port] RTP/AVP 0 101\n"
                + "      a=rtpmap:0 PCMU/8000\n      a=rtpmap:101 telephone-event/8000\n      a=fmtp:101 0-15\n      a=ptime:20\n\n"
                + "    ]]>\n  </send>\n"
                + "  <recv request=\"ACK\" crlf=\"true\"/>\n"
                + "  <pause milliseconds=\"" + beforeDigits.toMillis() + "\"/>\n"
                + "  <nop><action><exec play_pcap_audio=\"" + pcap + "\"/></action></nop>\n"
                + "  <pause milliseconds=\"" + dtmf.toMillis() + "\"/>\n"
                + "  <recv request=\"BYE\" timeout=\"20000\"/>\n"
                + "  <send>\n    <![CDATA[\n\n      SIP/2.0 200 OK\n      [last_Via:]\n      [last_From:]\n      [last_To:]\n"
                + "      [last_Call-ID:]\n      [last_CSeq:]\n      Content-Length: 0\n\n    ]]>\n  </send>\n"
                + "</scenario>\n";
    }
}
