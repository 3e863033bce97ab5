package ascc.core.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Makes migrations of one embedded H2 database run one at a time. Flyway locks its history table with
 * {@code SELECT ... FOR UPDATE}, which on H2 locks no row while the table is empty: two processes starting on a new
 * shared file (the engine and an {@code ivr} command, both {@code AUTO_SERVER}) both applied {@code V001} and the second
 * failed on "Table call_record already exists" (seen in a CI run). MariaDB needs none of this (Flyway takes
 * {@code GET_LOCK}).
 *
 * <p>The lock: a lock per database in this JVM, and for a file database also an OS file lock on
 * {@code <file>.migrate.lock} beside it, held for the whole migration, so processes on this host (the only ones that can
 * open the file) wait for each other. Both block without a timeout: a migration either ends or fails, and an OS file
 * lock is released when its process dies.
 */
final class H2MigrationLock {
    private static final String H2_FILE = "jdbc:h2:file:";
    private static final Map<String, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

    private H2MigrationLock() {
    }

    /** Runs {@code migration} alone on the database {@code dataSource} opens when it is H2; else runs it as is. */
    static <T> T around(DataSource dataSource, Supplier<T> migration) {
        String url = url(dataSource);
        if (!url.startsWith("jdbc:h2:")) {
            return migration.get();
        }
        String database = url.indexOf(';') < 0 ? url : url.substring(0, url.indexOf(';'));
        ReentrantLock local = IN_THIS_JVM.computeIfAbsent(database, k -> new ReentrantLock());
        local.lock();
        try {
            if (!database.startsWith(H2_FILE)) {
                return migration.get(); // an in-memory database: only this JVM can open it
            }
            Path lockFile = Path.of(database.substring(H2_FILE.length()) + ".migrate.lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock held = channel.lock(); // released when the channel closes, or when this process dies
                assert held.isValid();
                return migration.get();
            } catch (IOException e) {
                throw new MigrationException("cannot lock " + lockFile + " for the migration: " + e.getMessage(), e);
            }
        } finally {
            local.unlock();
        }
    }

    private static String url(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getURL();
        } catch (SQLException e) {
            throw new MigrationException("cannot connect to migrate: " + e.getMessage(), e);
        }
    }
}
