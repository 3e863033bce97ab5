package ascc.core.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs independent scenarios of one IT at the same time against one engine (different numbers, desks and phones), so the
 * real-stack phase waits on their calls once instead of one after another. Every scenario runs to its end; the first failure
 * is thrown with the others attached as suppressed, each named.
 */
final class Together {
    /** One scenario: its own calls, phones and assertions. */
    @FunctionalInterface
    interface Scenario {
        void run() throws Exception;
    }

    private static final long MAX_MINUTES = 5;

    private Together() {
    }

    /** Runs {@code scenarios} (name, then scenario) at once and waits for all of them. */
    static void run(String name1, Scenario s1, String name2, Scenario s2) throws InterruptedException {
        Map<String, Scenario> all = new LinkedHashMap<>();
        all.put(name1, s1);
        all.put(name2, s2);
        run(all);
    }

    static void run(Map<String, Scenario> scenarios) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(scenarios.size(), r -> new Thread(r, "it-scenario"));
        try {
            Map<String, Future<?>> running = new LinkedHashMap<>();
            scenarios.forEach((name, s) -> running.put(name, pool.submit(() -> {
                Thread.currentThread().setName("it-scenario-" + name);
                s.run();
                return null;
            })));
            List<AssertionError> failures = new ArrayList<>();
            for (Map.Entry<String, Future<?>> e : running.entrySet()) {
                try {
                    e.getValue().get(MAX_MINUTES, TimeUnit.MINUTES);
                } catch (ExecutionException ex) {
                    failures.add(named(e.getKey(), ex.getCause()));
                } catch (TimeoutException ex) {
                    e.getValue().cancel(true);
                    failures.add(new AssertionError("scenario " + e.getKey() + " still running after " + MAX_MINUTES + " min"));
                }
            }
            if (!failures.isEmpty()) {
                AssertionError first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static AssertionError named(String scenario, Throwable cause) {
        AssertionError e = new AssertionError("scenario " + scenario + ": " + cause, cause);
        e.setStackTrace(cause.getStackTrace());
        return e;
    }
}
