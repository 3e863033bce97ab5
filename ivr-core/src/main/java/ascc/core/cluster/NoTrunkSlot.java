package ascc.core.cluster;

/**
 * Every slot a call could take is in use: the global trunk limit is reached, or every box that is up is at its trunk
 * capacity, or no box is up. Always {@link Kind#RETRIABLE}: a slot comes back when a call ends. The message says the
 * state, e.g. {@code no trunk slot (limit=30, held=30, box=seoul-1 free=0)}.
 */
public final class NoTrunkSlot extends TrunkSlotFailure {
    private static final long serialVersionUID = 1L;

    public NoTrunkSlot(String message) {
        super(Kind.RETRIABLE, message, null);
    }
}
