package ascc.core.agi;

import java.time.Duration;

/** The AGI tests' wait for a condition another thread makes true: {@link ascc.testsupport.time.Await}, 5 s. */
final class Await {
    private Await() {
    }

    static void until(java.util.function.BooleanSupplier condition, String what) {
        ascc.testsupport.time.Await.until(condition, Duration.ofSeconds(5), () -> what);
    }
}
