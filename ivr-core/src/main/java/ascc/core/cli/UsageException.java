package ascc.core.cli;

/** A usage error found by a command itself (a bad option value, a missing option): message and usage, exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
