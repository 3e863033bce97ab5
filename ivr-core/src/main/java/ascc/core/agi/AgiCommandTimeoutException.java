package ascc.core.agi;

/** No reply to a command by its deadline: the conversation is out of step and the session ends with the fallback. */
public final class AgiCommandTimeoutException extends AgiCommandException {
    private static final long serialVersionUID = 1L;

    public AgiCommandTimeoutException(String command, String message) {
        super(command, -1, "", message);
    }
}
