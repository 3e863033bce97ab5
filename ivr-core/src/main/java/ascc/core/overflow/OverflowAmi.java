package ascc.core.overflow;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiException;
import ascc.core.ami.AmiFailure;
import ascc.core.ami.AmiMessage;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/** Overflow's AMI actions: sent without waiting on any thread; answers handed to {@link Overflow}'s actor. */
final class OverflowAmi {
    private final Overflow.Sender sender;
    private final Executor actor;

    OverflowAmi(Overflow.Sender sender, Executor actor) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.actor = Objects.requireNonNull(actor, "actor");
    }

    /** Sends {@code action}; {@code then} gets the answer or the failure on the actor. */
    void send(AmiAction action, BiConsumer<AmiMessage, AmiException> then) {
        call(action).whenCompleteAsync((r, err) -> then.accept(r, err == null ? null : failure(err)), actor);
    }

    /** The sender's future, also when the sender throws instead of failing it. */
    CompletableFuture<AmiMessage> call(AmiAction action) {
        try {
            return sender.send(action);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The {@link AmiException} behind a failed future (others wrapped as retriable). */
    static AmiException failure(Throwable err) {
        Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
        return t instanceof AmiException ae ? ae : new AmiException(AmiFailure.retriable("AMI action failed: " + t, t));
    }
}
