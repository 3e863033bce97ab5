package ascc.routing.campaign;

/** The global limit on trunk channels used by outbound campaign calls, shared by every campaign's {@link Pacer}. */
public final class TrunkChannels {
    private final int limit;
    private int inUse;

    public TrunkChannels(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("trunk channel limit must be >= 1 (limit=" + limit + ")");
        }
        this.limit = limit;
    }

    synchronized boolean tryAcquire() {
        if (inUse >= limit) {
            return false;
        }
        inUse++;
        return true;
    }

    synchronized void release() {
        if (inUse == 0) {
            throw new IllegalStateException("trunk channel released more often than acquired (limit=" + limit + ")");
        }
        inUse--;
    }

    public synchronized int inUse() {
        return inUse;
    }

    public int limit() {
        return limit;
    }
}
