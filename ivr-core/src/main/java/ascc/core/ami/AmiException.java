package ascc.core.ami;

/** Fails the futures of {@link AmiClient}; carries the {@link AmiFailure} and, for Error responses, the response. */
public final class AmiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient AmiFailure failure;
    private final transient AmiMessage response;

    public AmiException(AmiFailure failure) {
        this(failure, null);
    }

    public AmiException(AmiFailure failure, AmiMessage response) {
        super(failure.reason(), failure.cause());
        this.failure = failure;
        this.response = response;
    }

    public AmiFailure failure() {
        return failure;
    }

    public boolean retriable() {
        return failure.retriable();
    }

    /** The {@code Response: Error} message when Asterisk refused the action, else null. */
    public AmiMessage response() {
        return response;
    }
}
