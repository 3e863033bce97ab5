package ascc.core.agi;

/**
 * Asterisk refused or garbled a command: 510 (unknown command), 520 (usage), an unexpected reply code,
 * a malformed reply, or no reply in time ({@link #code()} is -1 for the last two).
 */
public class AgiCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String command;
    private final int code;
    private final String reply;

    public AgiCommandException(String command, int code, String reply, String message) {
        super(message + " (command: " + command + ", reply code: " + code + (reply.isEmpty() ? "" : ", reply: " + reply) + ")");
        this.command = command;
        this.code = code;
        this.reply = reply;
    }

    /** The command as sent, phone-like digit runs masked. */
    public String command() {
        return command;
    }

    public int code() {
        return code;
    }

    /** Asterisk's reply, every line joined with {@code \n}; empty when none arrived. */
    public String reply() {
        return reply;
    }
}
