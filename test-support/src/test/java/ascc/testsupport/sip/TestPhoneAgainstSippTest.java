package ascc.testsupport.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The phone against SIPp on 127.0.0.1 (needs only the sipp binary; skipped when it is not installed). */
class TestPhoneAgainstSippTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @BeforeAll
    static void needsSipp() {
        assumeTrue(Sipp.isInstalled(), "sipp is not installed (apt-get install -y sip-tester): skipping phone<->SIPp tests");
    }

    @Test
    void registersAnsweringQopAuthDigestChallenge() {
        assertRegistersAgainstSippRegistrar(",qop=\"auth\"");
    }

    @Test
    void registersAnsweringDigestChallengeWithoutQop() {
        assertRegistersAgainstSippRegistrar("");
    }

    private void assertRegistersAgainstSippRegistrar(String qopParam) {
        int registrarPort = freeUdpPort();
        try (Sipp.Running registrar = registrar(registrarPort, qopParam);
             TestPhone phone = TestPhone.start("1001", "secret", "127.0.0.1", registrarPort, freeUdpPort())) {
            phone.register(WAIT);
            assertTrue(phone.isRegistered());
            phone.unregister();
            SippResult result = registrar.await();
            assertTrue(result.allSucceeded(), result.describe());
            assertEquals(List.of("OUT REGISTER", "IN 401 REGISTER", "OUT REGISTER", "IN 200 REGISTER", "OUT REGISTER",
                "IN 200 REGISTER"), phone.events().stream().map(SipEvent::toString).toList());
        }
    }

    @Test
    void failsRegistrationWithStatusAndStateWhenPasswordIsWrong() {
        int registrarPort = freeUdpPort();
        try (Sipp.Running registrar = registrar(registrarPort, ",qop=\"auth\"");
             TestPhone phone = TestPhone.start("1001", "wrong", "127.0.0.1", registrarPort, freeUdpPort())) {
            TestPhoneException e = assertThrows(TestPhoneException.class, () -> phone.register(WAIT));
            assertEquals("REGISTER (expires=3600) answered 403 Forbidden (phone=1001, registered=false, calls=0)", e.getMessage());
            assertFalse(phone.isRegistered());
            registrar.await();
        }
    }

    @Test
    void autoAnswersInviteWithCustomHeaderAndHandlesRemoteBye() {
        try (TestPhone phone = TestPhone.start("1001", "secret", "127.0.0.1", 5060, freeUdpPort())) {
            phone.setAutoAnswer(Duration.ofMillis(200));
            CustomerCall spec = CustomerCall.of("", Duration.ZERO, Duration.ZERO, Duration.ofMillis(800))
                .withCaller("0101234567").withHeader("X-CC-Company", "hanbit");
            try (Sipp.Running uac = customer(phone, spec)) {
                IncomingCall call = phone.awaitIncoming(WAIT);
                assertEquals(List.of("hanbit"), call.headers().get("x-cc-company"));
                assertEquals("hanbit", call.header("X-CC-Company").orElseThrow());
                assertEquals("0101234567", call.fromUser());
                assertEquals(101, call.offer().orElseThrow().dtmfPayloadType());
                call.awaitConfirmed(WAIT);
                call.awaitEnded(WAIT);
                assertEquals(IncomingCall.State.ENDED, call.state());
                assertEquals("remote BYE", call.endReason().orElseThrow());
                assertTrue(call.rtpPacketsSent() > 0, "silence RTP flowed while the call was up");
                SippResult result = uac.await();
                assertTrue(result.allSucceeded(), result.describe());
                assertEquals(1, result.successfulCalls());
                assertEquals(List.of("IN INVITE", "OUT 180 INVITE", "OUT 200 INVITE", "IN ACK", "IN BYE", "OUT 200 BYE"),
                    withoutRepeats(phone.events()), "a retransmitted 200 OK may draw a second ACK");
            }
        }
    }

    @Test
    void receivesDtmfPlayedFromSipTesterPcaps() {
        try (TestPhone phone = TestPhone.start("1001", "secret", "127.0.0.1", 5060, freeUdpPort())) {
            phone.setAutoAnswer(Duration.ZERO);
            CustomerCall spec = CustomerCall.of("4#", Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(300));
            try (Sipp.Running uac = customer(phone, spec)) {
                IncomingCall call = phone.awaitIncoming(WAIT);
                call.awaitEnded(WAIT);
                SippResult result = uac.await();
                assertTrue(result.allSucceeded(), result.describe());
                assertEquals("4#", call.receivedDigits());
            }
        }
    }

    @Test
    void sendsDtmfToTheRtpAddressOfTheOfferAndHangsUp() throws Exception {
        try (TestPhone phone = TestPhone.start("1001", "secret", "127.0.0.1", 5060, freeUdpPort());
             DatagramSocket media = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            media.setSoTimeout(3000);
            CustomerCall spec = CustomerCall.of("", Duration.ZERO, Duration.ZERO, Duration.ofSeconds(15))
                .withSdpMediaPort(media.getLocalPort()).withEnding(CustomerCall.Ending.WAIT_FOR_BYE);
            try (Sipp.Running uac = customer(phone, spec)) {
                IncomingCall call = phone.awaitIncoming(WAIT);
                assertEquals(IncomingCall.State.RINGING, call.state());
                phone.answer(call);
                assertEquals(IncomingCall.State.CONFIRMED, call.state());
                phone.sendDtmf(call, '7');
                List<DtmfPacket> events = new ArrayList<>();
                byte[] buf = new byte[2048];
                while (events.stream().filter(DtmfPacket::end).count() < RtpPacketizer.END_REPEATS) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    media.receive(p);
                    if (DtmfPacket.payloadTypeOf(p.getData(), 0) == 101) {
                        events.add(DtmfPacket.decode(p.getData(), 0, p.getLength()));
                    }
                }
                assertTrue(events.stream().allMatch(e -> e.digit() == '7'), events.toString());
                assertTrue(events.get(0).marker());
                phone.hangup(call);
                assertEquals("local BYE", call.endReason().orElseThrow());
                SippResult result = uac.await();
                assertTrue(result.allSucceeded(), result.describe());
            }
        }
    }

    @Test
    void rejectsWithBusyHere() {
        try (TestPhone phone = TestPhone.start("1001", "secret", "127.0.0.1", 5060, freeUdpPort());
             Sipp.Running uac = scenarioAgainst(phone, "sipp/uac-expect-busy.xml")) {
            IncomingCall call = phone.awaitIncoming(WAIT);
            phone.reject(call, 486);
            SippResult result = uac.await();
            assertTrue(result.allSucceeded(), result.describe());
            assertEquals(IncomingCall.State.REJECTED, call.state());
            assertEquals("rejected 486", call.endReason().orElseThrow());
        }
    }

    @Test
    void answersCancelWith487AndMarksCallCancelled() {
        try (TestPhone phone = TestPhone.start("1001", "secret", "127.0.0.1", 5060, freeUdpPort());
             Sipp.Running uac = scenarioAgainst(phone, "sipp/uac-cancel.xml")) {
            IncomingCall call = phone.awaitIncoming(WAIT);
            call.awaitEnded(WAIT);
            assertEquals(IncomingCall.State.CANCELLED, call.state());
            SippResult result = uac.await();
            assertTrue(result.allSucceeded(), result.describe());
            assertTrue(phone.events().stream().anyMatch(e -> e.status() == 487), phone.events().toString());
            TestPhoneException late = assertThrows(TestPhoneException.class, () -> phone.answer(call));
            assertTrue(late.getMessage().startsWith("cannot answer: call is CANCELLED, needs RINGING"), late.getMessage());
        }
    }

    @Test
    void onlyTheCalledPhoneOfTwoInOneJvmSeesTheInvite() {
        try (TestPhone idle = TestPhone.start("1002", "secret", "127.0.0.1", 5060, freeUdpPort());
             TestPhone called = TestPhone.start("1001", "secret", "127.0.0.1", 5060, freeUdpPort())) {
            called.setAutoAnswer(Duration.ZERO);
            try (Sipp.Running uac = customer(called, CustomerCall.of("", Duration.ZERO, Duration.ZERO, Duration.ofMillis(200)))) {
                called.awaitIncoming(WAIT).awaitEnded(WAIT);
                assertTrue(uac.await().allSucceeded());
            }
            assertEquals(1, called.receivedRequests("INVITE"));
            assertEquals(0, idle.receivedRequests("INVITE"));
            assertTrue(idle.received().isEmpty());
            TestPhoneException e = assertThrows(TestPhoneException.class, () -> idle.awaitIncoming(Duration.ofMillis(100)));
            assertEquals("no INVITE after 100 ms (phone=1002, registered=false, calls=0)", e.getMessage());
        }
    }

    @Test
    void shippedCustomerCallScenarioHoldsForHoldMsThenHangsUp() {
        try (TestPhone phone = TestPhone.start("1001", "secret", "127.0.0.1", 5060, freeUdpPort())) {
            phone.setAutoAnswer(Duration.ZERO);
            try (Sipp.Running uac = Sipp.builder()
                .scenarioResource("sipp/customer-call.xml")
                .remote("127.0.0.1", phone.localPort()).localPort(freeUdpPort()).mediaPort(freeUdpPort())
                .service(phone.user()).calls(1)
                .set("hold_ms", "1000").key("caller", "0101234567")
                .timeout(Duration.ofSeconds(20))
                .start()) {
                IncomingCall call = phone.awaitIncoming(WAIT);
                call.awaitEnded(WAIT);
                assertEquals("0101234567", call.fromUser());
                Duration held = Duration.between(call.confirmedAt().orElseThrow(), call.endedAt().orElseThrow());
                assertTrue(held.toMillis() >= 900 && held.toMillis() < 5000, "held " + held);
                SippResult result = uac.await();
                assertTrue(result.allSucceeded(), result.describe());
            }
        }
    }

    @Test
    void freesItsPortOnCloseSoANewPhoneCanTakeIt() {
        int port = freeUdpPort();
        TestPhone.start("1001", "secret", "127.0.0.1", 5060, port).close();
        try (TestPhone again = TestPhone.start("1001", "secret", "127.0.0.1", 5060, port)) {
            assertEquals(port, again.localPort());
        }
    }

    private static Sipp.Running registrar(int port, String qopParam) {
        return Sipp.builder()
            .scenarioResource("sipp/digest-registrar.xml")
            .localPort(port)
            .calls(1)
            .key("nonce", "5f0a1b2c3d4e")
            .key("qop_param", qopParam)
            .timeout(WAIT)
            .start();
    }

    private static Sipp.Running customer(TestPhone phone, CustomerCall spec) {
        return Sipp.builder()
            .scenarioXml("customer", spec.toXml())
            .remote("127.0.0.1", phone.localPort())
            .localPort(freeUdpPort())
            .mediaPort(freeUdpPort())
            .service(phone.user())
            .calls(1)
            .timeout(Duration.ofSeconds(30))
            .start();
    }

    private static Sipp.Running scenarioAgainst(TestPhone phone, String resource) {
        return Sipp.builder()
            .scenarioResource(resource)
            .remote("127.0.0.1", phone.localPort())
            .localPort(freeUdpPort())
            .mediaPort(freeUdpPort())
            .service(phone.user())
            .calls(1)
            .timeout(Duration.ofSeconds(20))
            .start();
    }

    private static List<String> withoutRepeats(List<SipEvent> events) {
        List<String> out = new ArrayList<>();
        for (SipEvent e : events) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(e.toString())) {
                out.add(e.toString());
            }
        }
        return out;
    }

    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        } catch (SocketException e) {
            throw new IllegalStateException("no free UDP port on 127.0.0.1", e);
        }
    }
}
