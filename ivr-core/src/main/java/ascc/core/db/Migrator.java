package ascc.core.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny schema migrator. Applies {@link Migration}s in version order and records each in
 * {@code schema_migrations(version, description, checksum, applied_at)}.
 *
 * <ul>
 *   <li>Each migration runs in one transaction with the row that records it. Note that both MariaDB and H2 commit
 *       implicitly on DDL, so a migration that fails halfway may leave its earlier DDL behind: the error names the file
 *       and statement; fix the schema by hand, then restart.</li>
 *   <li>A changed checksum of an applied migration is fatal, naming the file: applied migrations are immutable.</li>
 *   <li>Concurrent starts: on MariaDB the migrator holds {@code GET_LOCK('ascc_schema_migrations')} (session lock, survives
 *       the implicit DDL commits) while it reads and applies; the embedded H2 file can be opened by one process only
 *       ({@code AUTO_SERVER=FALSE}), so there a JVM-wide lock suffices. The primary key on {@code version} is the last guard.</li>
 * </ul>
 */
public final class Migrator {
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    /** Classpath folder of the engine's migrations. */
    public static final String DEFAULT_LOCATION = "db/migration";
    static final String LOCK_NAME = "ascc_schema_migrations";
    private static final ReentrantLock JVM_LOCK = new ReentrantLock();

    private final DataSource dataSource;
    private final List<Migration> migrations;
    private final Clock clock;
    private final Duration lockTimeout;

    public Migrator(DataSource dataSource, List<Migration> migrations) {
        this(dataSource, migrations, Clock.systemUTC(), Duration.ofSeconds(60));
    }

    public Migrator(DataSource dataSource, List<Migration> migrations, Clock clock, Duration lockTimeout) {
        this.dataSource = dataSource;
        List<Migration> sorted = new ArrayList<>(migrations);
        sorted.sort(Comparator.comparingInt(Migration::version));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).version() == sorted.get(i - 1).version()) {
                throw new MigrationException("two migrations with version " + sorted.get(i).version() + ": "
                    + sorted.get(i - 1).fileName() + " and " + sorted.get(i).fileName());
            }
        }
        this.migrations = List.copyOf(sorted);
        this.clock = clock;
        this.lockTimeout = lockTimeout;
    }

    /** The migrations; the outcome of {@link #migrate()} lists which of them this call applied. */
    public List<Migration> migrations() {
        return migrations;
    }

    /**
     * Applies pending migrations. Returns the ones this call applied (empty when the schema was up to date).
     *
     * @throws MigrationException on a checksum mismatch, a failing statement, or when the lock is not had in time
     */
    public List<Migration> migrate() {
        try (Connection c = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(c);
            lock(c, dialect);
            try {
                return migrateLocked(c);
            } finally {
                unlock(c, dialect);
            }
        } catch (SQLException e) {
            throw new MigrationException("migration failed: " + e.getMessage(), e);
        }
    }

    private List<Migration> migrateLocked(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                + "version INT NOT NULL PRIMARY KEY, "
                + "description VARCHAR(200) NOT NULL, "
                + "checksum VARCHAR(64) NOT NULL, "
                + "applied_at DATETIME(3) NOT NULL)");
        }
        Map<Integer, String> applied = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_migrations")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        for (Migration m : migrations) {
            String recorded = applied.get(m.version());
            if (recorded != null && !recorded.equalsIgnoreCase(m.checksum())) {
                throw new MigrationException("checksum of applied migration " + m.fileName() + " changed (recorded=" + recorded
                    + ", file=" + m.checksum() + "): applied migrations must not be edited; add a new V<n>__ file instead");
            }
        }
        int newest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        applied.keySet().stream().filter(v -> v > newest).sorted().forEach(v ->
            LOG.warn("database has migration version {} that this engine does not know (newest known {}): newer engine ran here?",
                v, newest));
        List<Migration> done = new ArrayList<>();
        for (Migration m : migrations) {
            if (!applied.containsKey(m.version())) {
                apply(c, m);
                done.add(m);
            }
        }
        if (done.isEmpty()) {
            LOG.info("schema up to date ({} migrations)", migrations.size());
        }
        return List.copyOf(done);
    }

    private void apply(Connection c, Migration m) throws SQLException {
        List<String> statements = m.statements();
        long started = System.nanoTime();
        c.setAutoCommit(false);
        int index = 0;
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                index++;
                s.execute(sql);
            }
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO schema_migrations (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setString(3, m.checksum());
                ps.setObject(4, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                ps.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c, m);
            String where = index <= statements.size() && index > 0
                ? " statement " + index + "/" + statements.size() + " (" + firstLine(statements.get(index - 1)) + ")"
                : "";
            throw new MigrationException("migration " + m.fileName() + " failed at" + where + ": " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
        LOG.info("applied migration {} ({} statements, {} ms)", m.fileName(), statements.size(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static void rollbackQuietly(Connection c, Migration m) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback after failed migration {} failed too: {}", m.fileName(), e.toString());
        }
    }

    private static String firstLine(String sql) {
        String line = sql.lines().findFirst().orElse("").strip();
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }

    private void lock(Connection c, Dialect dialect) throws SQLException {
        if (dialect == Dialect.MARIADB) {
            try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                ps.setString(1, LOCK_NAME);
                ps.setLong(2, Math.max(1, lockTimeout.toSeconds()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    int got = rs.getInt(1);
                    if (rs.wasNull() || got != 1) {
                        throw new MigrationException("no migration lock '" + LOCK_NAME + "' after " + lockTimeout.toSeconds()
                            + " s: another engine is migrating this database (or hung while doing so)");
                    }
                }
            }
            return;
        }
        try {
            if (!JVM_LOCK.tryLock(lockTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MigrationException("no migration lock after " + lockTimeout.toSeconds() + " s (embedded database)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted while waiting for the migration lock", e);
        }
    }

    private static void unlock(Connection c, Dialect dialect) {
        if (dialect == Dialect.MARIADB) {
            try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                ps.setString(1, LOCK_NAME);
                ps.executeQuery().close();
            } catch (SQLException e) {
                LOG.warn("releasing migration lock '{}' failed (released anyway when the connection closes): {}", LOCK_NAME, e.toString());
            }
            return;
        }
        JVM_LOCK.unlock();
    }

    /**
     * Loads {@code V<n>__<description>.sql} files from a classpath folder, from directories and jars alike.
     * When the same file name is on the classpath twice, the first one wins.
     */
    public static List<Migration> fromClasspath(String location) {
        return fromClasspath(location, Thread.currentThread().getContextClassLoader() != null
            ? Thread.currentThread().getContextClassLoader() : Migrator.class.getClassLoader());
    }

    static List<Migration> fromClasspath(String location, ClassLoader loader) {
        String folder = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        Map<String, String> files = new LinkedHashMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(folder);
            for (URL root : Collections.list(roots)) {
                for (String name : listSqlFiles(root, folder)) {
                    if (!files.containsKey(name)) {
                        files.put(name, read(loader, folder + "/" + name));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list migrations in classpath folder " + folder, e);
        }
        if (files.isEmpty()) {
            throw new MigrationException("no migrations found in classpath folder " + folder);
        }
        List<Migration> out = new ArrayList<>();
        files.forEach((name, sql) -> out.add(Migration.fromFile(name, sql)));
        out.sort(Comparator.comparingInt(Migration::version));
        return List.copyOf(out);
    }

    private static List<String> listSqlFiles(URL root, String folder) throws IOException {
        List<String> names = new ArrayList<>();
        switch (root.getProtocol()) {
            case "file" -> {
                Path dir;
                try {
                    dir = Path.of(root.toURI());
                } catch (URISyntaxException e) {
                    throw new IOException("bad classpath url " + root, e);
                }
                try (Stream<Path> list = Files.list(dir)) {
                    list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).forEach(names::add);
                }
            }
            case "jar" -> {
                JarURLConnection conn = (JarURLConnection) root.openConnection();
                conn.setUseCaches(false);
                try (JarFile jar = conn.getJarFile()) {
                    String prefix = folder + "/";
                    for (JarEntry e : Collections.list(jar.entries())) {
                        String n = e.getName();
                        if (n.startsWith(prefix) && n.endsWith(".sql") && n.indexOf('/', prefix.length()) < 0) {
                            names.add(n.substring(prefix.length()));
                        }
                    }
                }
            }
            default -> LOG.warn("cannot list migrations at {} (protocol {} not supported)", root, root.getProtocol());
        }
        Collections.sort(names);
        return names;
    }

    private static String read(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("migration resource vanished: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
