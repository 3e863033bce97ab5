package ascc.testsupport.sip;

/** A test phone operation failed or timed out; the message carries the phone's state. */
public class TestPhoneException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TestPhoneException(String message) {
        super(message);
    }

    public TestPhoneException(String message, Throwable cause) {
        super(message, cause);
    }
}
