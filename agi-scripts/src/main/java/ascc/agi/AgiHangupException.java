package ascc.agi;

/** The caller hung up (Asterisk answered 511 or sent HANGUP) while a flow was talking to the channel. */
public class AgiHangupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgiHangupException(String message) {
        super(message);
    }
}
