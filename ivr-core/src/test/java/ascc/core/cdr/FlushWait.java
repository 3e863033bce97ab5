package ascc.core.cdr;

import java.util.concurrent.Callable;

/** Waits for the writer thread (real thread, no virtual time there) to reach a state; fails after 10 s. */
final class FlushWait {
    private FlushWait() {
    }

    static void until(Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }
}
