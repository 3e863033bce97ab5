package ascc.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2MigrationLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondMigrationOfTheSharedFileStartsOnlyAfterTheFirstEnded() throws Exception {
        String path = dir.resolve("shared").toString();
        // two threads of their own: the common pool may have one worker on a 2-core machine
        try (Database engine = Database.openWithoutMigrations(DbSettings.embedded(path, 2));
             Database cli = Database.openWithoutMigrations(DbSettings.embedded(path, 2));
             ExecutorService threads = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("migrating-", 1).factory())) {
            List<String> steps = new CopyOnWriteArrayList<>();
            CountDownLatch firstInside = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> H2MigrationLock.around(engine.dataSource(), () -> {
                steps.add("engine starts");
                firstInside.countDown();
                await(releaseFirst);
                steps.add("engine ends");
                return "engine";
            }), threads);
            assertTrue(firstInside.await(30, TimeUnit.SECONDS), "the first migration started");
            CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> H2MigrationLock.around(cli.dataSource(), () -> {
                steps.add("cli starts");
                return "cli";
            }), threads);
            // the second is blocked on the lock as long as the first holds it: it has not run, however long it had
            assertFalse(second.isDone() || steps.contains("cli starts") || endsSoon(second),
                    "the second migration ran while the first held the lock: " + steps);
            releaseFirst.countDown();
            assertEquals("engine", first.get(30, TimeUnit.SECONDS));
            assertEquals("cli", second.get(30, TimeUnit.SECONDS));
            assertEquals(List.of("engine starts", "engine ends", "cli starts"), steps);
            assertTrue(Files.exists(Path.of(path + ".migrate.lock")), "the OS lock file lies beside the database file");
        }
    }

    @Test
    void anInMemoryDatabaseIsLockedInThisJvmOnly() {
        try (Database db = Database.openWithoutMigrations(DbSettings.embedded(dir.resolve("x").toString(), 2))) {
            assertEquals("ran", H2MigrationLock.around(db.dataSource(), () -> "ran"));
        }
        org.h2.jdbcx.JdbcDataSource mem = new org.h2.jdbcx.JdbcDataSource();
        mem.setURL("jdbc:h2:mem:h2-migration-lock-test;DB_CLOSE_DELAY=-1");
        assertEquals("ran", H2MigrationLock.around(mem, () -> "ran"));
        assertTrue(List.of(dir.toFile().list()).stream().noneMatch(n -> n.startsWith("h2-migration-lock-test")));
    }

    /** Whether {@code f} ends within a moment: never while the lock it waits on is held, so no timing decides a pass. */
    private static boolean endsSoon(CompletableFuture<String> f) {
        try {
            f.get(300, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
