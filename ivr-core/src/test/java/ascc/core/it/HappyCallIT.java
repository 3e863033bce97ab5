package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.ami.AmiAction;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.core.happycall.Dialer;
import ascc.core.happycall.HappyCall;
import ascc.core.happycall.OutboundRequest;
import ascc.routing.campaign.AttemptResult;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.DtmfPcap;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Happy-call through the real stack: a SIPp customer calls alpha and is served by agent 2101 (TestPhone); the call
 * record written to MariaDB schedules a happy-call (it-conf/campaigns.yaml: due at once). The happy-call is handed to a
 * {@link Dialer} port adapter that originates it with the engine's AMI client to a SIPp customer (UAS) through the
 * customer trunk; Asterisk runs the engine's FastAGI happy-call flow, the customer keys 1 with RFC 4733 DTMF, the score
 * is stored against the original call and agent, and a follow-up callback task for the general desk is opened.
 */
class HappyCallIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int UAS_PORT = 5191;

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    /** The IT's dialer port adapter: AMI Originate to the customer trunk, the AGI script and id from the request. */
    private static final class AmiDialer implements Dialer {
        private final Engine engine;
        private final int uasPort;
        final List<OutboundRequest> requests = new ArrayList<>();

        AmiDialer(Engine engine, int uasPort) {
            this.engine = engine;
            this.uasPort = uasPort;
        }

        @Override
        public CompletionStage<Outcome> dial(OutboundRequest r) {
            requests.add(r);
            String agi = "agi://" + engine.config().engine().agiUrlHost() + ":" + engine.agiPort() + "/" + r.script() + ","
                    + r.variables().get(OutboundRequest.ARG);
            AmiAction originate = AmiAction.of("Originate")
                    .with("Channel", "PJSIP/customer-trunk/sip:" + r.phone() + "@127.0.0.1:" + uasPort)
                    .with("Application", "AGI")
                    .with("Data", agi)
                    .with("Timeout", 15_000)
                    .with("CallerID", "\"ASCC happy-call\" <0700000001>");
            return engine.ami().originateAsync(originate, Duration.ofSeconds(25)).thenApply(resp -> new Outcome(resp.success()
                    ? AttemptResult.COMPLETED : AttemptResult.FAILED, "reason " + resp.reason(), 1));
        }
    }

    @Test
    void servedCallSchedulesHappyCallAndLowDtmfScoreOpensFollowUpForTheOriginalCallAndAgent() throws Exception {
        String caller = "0105550" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        Instant start = Instant.now().minusSeconds(1);
        try (Engine engine = RealStack.startEngine(Map.of());
             TestPhone agent = RealStack.phone("2101")) {
            engine.ami().awaitConnected(WAIT);
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
                    engine.happyCalls().store().findByOriginal(original).ifPresent(scheduled::set);
                    return scheduled.get() != null;
                } catch (Exception e) {
                    return false;
                }
            });
            HappyCall h = scheduled.get();
            assertEquals(caller, h.dialNumber());
            assertEquals("2101", h.agentId());
            assertEquals(HappyCall.Status.SCHEDULED, h.status());

            // 3. the customer's phone (SIPp UAS) answers the happy-call and keys 1 (RFC 4733) during the question
            Path dir = Files.createTempDirectory("happy-call-uas");
            Path pcap = dir.resolve("dtmf-1.pcap");
            Duration dtmf = DtmfPcap.write(pcap, "1", Duration.ofMillis(300), Duration.ofSeconds(1));
            try (Sipp.Running uas = Sipp.builder().scenarioXml("happy-call-customer", uasXml(pcap, Duration.ofMillis(2500), dtmf))
                    .localPort(UAS_PORT).calls(1).timeout(Duration.ofSeconds(60)).workDir(dir).start()) {
                Thread.sleep(500); // SIPp binds its port
                AmiDialer dialer = new AmiDialer(engine, UAS_PORT);
                assertEquals(1, engine.happyCalls().dispatchDue(dialer, 10), "the due happy-call is handed to the dialer");
                OutboundRequest req = dialer.requests.get(0);
                assertFalse(req.billable(), "happy-calls are never billable");
                assertEquals("happy-call", req.script());

                // 4. score stored for the original call and agent; the low score opened a follow-up for the general desk
                FoundationIT.awaitTrue("happy-call completed", () -> {
                    try {
                        return HappyCall.Status.COMPLETED.equals(engine.happyCalls().store().find(h.id()).orElseThrow().status());
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertEquals(Map.of("satisfaction", 1), engine.happyCalls().store().answers(h.id()));
                SippResult out = uas.await(Duration.ofSeconds(30));
                assertTrue(out.allSucceeded(), () -> "happy-call SIPp customer failed: " + out.describe());
            }
            CallbackStore callbacks = engine.callbacks().store();
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
            assertTrue(List.of(CallbackRequest.PENDING, CallbackRequest.DUE).contains(task.status()), task.status());
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
