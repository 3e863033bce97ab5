package ascc.core.agi;

/** The engine is shutting down and this session ran past the grace period: the call goes back to the dialplan. */
public class AgiSessionAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AgiSessionAbortedException(String message) {
        super(message);
    }
}
