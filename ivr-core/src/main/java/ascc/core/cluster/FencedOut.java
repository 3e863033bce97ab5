package ascc.core.cluster;

/** A fenced write refused: the lease it was made under has another owner or token now (always {@link Kind#FATAL}). */
public final class FencedOut extends LeaseFailure {
    private static final long serialVersionUID = 1L;

    public FencedOut(Fence fence, String owner, long token) {
        super(Kind.FATAL, "write under lease '" + fence.name() + "' (node " + fence.owner() + ", token " + fence.token()
                + ") refused: the lease is now " + (owner == null ? "absent" : "held by " + owner + " with token " + token), null);
    }
}
