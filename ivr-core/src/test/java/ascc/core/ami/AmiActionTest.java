package ascc.core.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AmiActionTest {

    @Test
    void builderReturnsNewActionsAndKeepsRepeatedKeysInOrder() {
        AmiAction base = AmiAction.of("Originate");
        AmiAction full = base.with("Channel", "Local/100@ctx").with("Variable", "A=1").with("Variable", "B=2");
        assertTrue(base.fields().isEmpty(), "the original is unchanged");
        assertEquals("Action: Originate\r\nChannel: Local/100@ctx\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n", full.encode());
    }

    @Test
    void withActionIdPutsItFirstAndReplacesAnEarlierOne() {
        AmiAction a = AmiAction.of("QueueStatus").with("ActionID", "mine").with("Queue", "desk-a").withActionId("ascc-1");
        assertEquals("ascc-1", a.actionId());
        assertEquals("Action: QueueStatus\r\nActionID: ascc-1\r\nQueue: desk-a\r\n\r\n", a.encode());
        assertNull(AmiAction.of("Ping").actionId());
    }

    @Test
    void rejectsLineBreaksThatWouldInjectLines() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> AmiAction.of("Command").with("Command", "core show version\r\nAction: Logoff"));
        assertTrue(e.getMessage().contains("'Command'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AmiAction.of("Ping\n"));
        assertThrows(IllegalArgumentException.class, () -> AmiAction.of("Ping").with("Bad:Key", "x"));
        assertThrows(IllegalArgumentException.class, () -> AmiAction.of("Ping").with("Action", "Logoff"));
    }

    @Test
    void toStringMasksSecretButEncodeSendsIt() {
        AmiAction login = AmiAction.of("Login").with("Username", "engine").with("Secret", "s3cret-value");
        assertFalse(login.toString().contains("s3cret-value"), login.toString());
        assertTrue(login.toString().contains("Secret: ****"), login.toString());
        assertTrue(login.encode().contains("Secret: s3cret-value\r\n"));
    }

    @Test
    void toStringMasksTheAgiSecretInAnOriginatesDataButEncodeSendsIt() {
        AmiAction a = AmiAction.of("Originate").with("Application", "AGI")
            .with("Data", "agi://127.0.0.1:4573/survey,agi-s3cret-value-0123");
        assertFalse(a.toString().contains("agi-s3cret-value-0123"), a.toString());
        assertTrue(a.toString().contains("Data: agi://127.0.0.1:4573/survey,****"), a.toString());
        assertTrue(a.encode().contains("Data: agi://127.0.0.1:4573/survey,agi-s3cret-value-0123\r\n"));
        AmiMessage.Field event = new AmiMessage.Field("AppData", "agi://127.0.0.1:4573/inbound,agi-s3cret-value-0123");
        assertEquals("AppData: agi://127.0.0.1:4573/inbound,****", event.toString());
    }

    @Test
    void settingsToStringNeverShowsTheSecret() {
        AmiSettings s = AmiSettings.defaults("127.0.0.1", 5038, "engine", Secret.of("s3cret-value"));
        assertFalse(s.toString().contains("s3cret-value"), s.toString());
    }

    @Test
    void settingsRejectDeadAfterNotAbovePingInterval() {
        AmiSettings s = AmiSettings.defaults("127.0.0.1", 5038, "engine", Secret.of("x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> s.withKeepalive(Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("deadAfter"), e.getMessage());
    }

    @Test
    void messageToStringMasksCallerNumbersAndSecrets() {
        AmiMessage m = AmiMessage.of("Event", "QueueCallerJoin", "CallerIDNum", "0101234578", "Secret", "abc");
        assertEquals("AmiMessage{Event: QueueCallerJoin, CallerIDNum: 010*****78, Secret: ****}", m.toString());
        assertEquals("0101234578", m.get("calleridnum"));
        assertEquals("<unknown>", AmiMasking.maskValue("CallerIDNum", "<unknown>"));
    }

    @Test
    void originateTraceMasksTheCustomersNumberInEveryField() {
        AmiAction a = AmiAction.of("Originate").with("Channel", "Local/01012345678@ascc-outbound")
                .with("Exten", "010-1234-5678").with("CallerID", "\"Center\" <0700000001>")
                .with("Variable", "CC_TARGET=+82 10 1234 5678");
        String trace = a.toString();
        assertEquals("AmiAction{Action: Originate, Channel: Local/010******78@ascc-outbound, Exten: 010-****-**78,"
                + " CallerID: \"Center\" <********01>, Variable: CC_TARGET=+82 ** **** **78}", trace);
    }

    @Test
    void cdrTraceMasksSourceAndDestinationButKeepsIds() {
        AmiMessage m = AmiMessage.of("Event", "Cdr", "Source", "01012345678", "Destination", "01087654321",
                "Channel", "PJSIP/trunk-0000001a", "UniqueID", "1733456789.12");
        assertEquals("AmiMessage{Event: Cdr, Source: 010******78, Destination: 010******21, Channel: PJSIP/trunk-0000001a,"
                + " UniqueID: 1733456789.12}", m.toString());
    }
}
