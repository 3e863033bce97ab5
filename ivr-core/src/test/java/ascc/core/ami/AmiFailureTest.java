package ascc.core.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How AMI login failures are classified: which are retried (and with which backoff) and which are fatal. */
class AmiFailureTest {
    static final String WHO = "'engine' to 127.0.0.1:5038";

    @Test
    void authenticationFailedIsARejectedLoginThatIsRetriedAndSaysWhatToRun() {
        AmiFailure f = AmiFailure.loginError("Authentication failed", WHO);
        assertTrue(f.retriable());
        assertEquals(AmiFailure.Kind.LOGIN_REJECTED, f.kind());
        assertTrue(f.reason().contains("asterisk -rx 'manager reload'"), f.reason());
        assertTrue(f.toString().startsWith("retriable (login rejected): "), f.toString());
    }

    @Test
    void anUnknownOrEmptyRefusalOfTheLoginIsRetriedToo() {
        assertEquals(AmiFailure.Kind.LOGIN_REJECTED, AmiFailure.loginError(null, WHO).kind());
        assertEquals(AmiFailure.Kind.LOGIN_REJECTED, AmiFailure.loginError("  ", WHO).kind());
        assertEquals(AmiFailure.Kind.LOGIN_REJECTED, AmiFailure.loginError("Permission denied", WHO).kind());
        assertTrue(AmiFailure.loginError("Too many sessions", WHO).retriable());
    }

    @Test
    void aPeerThatDoesNotKnowTheLoginActionIsFatal() {
        AmiFailure f = AmiFailure.loginError("Missing action in request", WHO);
        assertFalse(f.retriable());
        assertEquals(AmiFailure.Kind.REFUSED, f.kind());
        assertFalse(AmiFailure.loginError("Invalid/unknown command: Login", WHO).retriable());
    }

    @Test
    void networkFailuresAreRetriableAndActionErrorsFatal() {
        assertEquals(AmiFailure.Kind.NETWORK, AmiFailure.retriable("connection refused", null).kind());
        assertEquals(AmiFailure.Kind.REFUSED, AmiFailure.fatal("Originate refused").kind());
        assertEquals(AmiFailure.Kind.NETWORK, new AmiFailure(true, "reset", null).kind());
        assertEquals(AmiFailure.Kind.REFUSED, new AmiFailure(false, "no such queue", null).kind());
    }
}
