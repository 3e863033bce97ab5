package ascc.core.db;

import ascc.routing.config.Redact;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's connection pool (HikariCP, pool name {@code ascc-db}) with the schema migrated.
 * Without a MariaDB url it opens an embedded H2 file database in MariaDB mode, so {@code ivr run} needs nothing installed.
 * Times are stored as UTC: MariaDB sessions run with {@code time_zone='+00:00'}, values are written as UTC date-times.
 *
 * <p>The embedded file is shared: it is opened in H2's automatic mixed mode ({@code AUTO_SERVER=TRUE}), so the first
 * process (usually the engine) serves it over TCP and every other process ({@code ivr report}, {@code ivr billing}, ...)
 * connects to that server. The server listens on loopback only: this class sets {@code h2.bindAddress} to
 * {@code 127.0.0.1} unless the JVM was started with another value.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String POOL_NAME = "ascc-db";
    /** H2 reads it once, when it first loads its settings: before any H2 class is used. */
    static final String H2_BIND_ADDRESS = "h2.bindAddress";

    static {
        if (System.getProperty(H2_BIND_ADDRESS) == null) {
            System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
        }
    }

    private final HikariDataSource pool;
    private final Dialect dialect;
    private final String description;

    private Database(HikariDataSource pool, Dialect dialect, String description) {
        this.pool = pool;
        this.dialect = dialect;
        this.description = description;
    }

    /** Opens the pool and applies pending migrations from {@code db/migration}; fails fast if either fails. */
    public static Database open(DbSettings settings) {
        return open(settings, null);
    }

    /**
     * As {@link #open(DbSettings)}, with the pool's metrics ({@code hikaricp_connections_*{pool="ascc-db"}}) in
     * {@code registry} when it is not null.
     */
    public static Database open(DbSettings settings, MeterRegistry registry) {
        Database db = openWithoutMigrations(settings, registry);
        try {
            HikariConfig c = db.pool;
            SchemaMigrator.forUrl(c.getJdbcUrl(), c.getUsername(), c.getPassword(), c.getConnectionInitSql()).migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Opens the pool only (tests and tools that manage the schema themselves). */
    public static Database openWithoutMigrations(DbSettings settings) {
        return openWithoutMigrations(settings, null);
    }

    private static Database openWithoutMigrations(DbSettings settings, MeterRegistry registry) {
        HikariConfig config = poolConfig(settings);
        if (registry != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        String where = describe(settings);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot open database (" + where + "): " + Redact.url(e.getMessage()), e);
        }
        try (Connection c = pool.getConnection()) {
            Dialect dialect = Dialect.of(c);
            LOG.info("database open: {} ({}, pool {} max {})", where, dialect, POOL_NAME, settings.maxPoolSize());
            return new Database(pool, dialect, where);
        } catch (SQLException e) {
            pool.close();
            throw new DatabaseException("cannot use database (" + where + "): " + Redact.url(e.getMessage()), e);
        }
    }

    /** The database for logs and errors: the embedded file, or the MariaDB URL with any password masked. */
    static String describe(DbSettings settings) {
        return settings.isEmbedded() ? "embedded H2 " + embeddedFile(settings) : Redact.url(settings.url());
    }

    static HikariConfig poolConfig(DbSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
        config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(5));
        config.setValidationTimeout(TimeUnit.SECONDS.toMillis(3));
        config.setIdleTimeout(TimeUnit.MINUTES.toMillis(5));
        config.setMaxLifetime(TimeUnit.MINUTES.toMillis(30));
        config.setKeepaliveTime(TimeUnit.MINUTES.toMillis(2));
        // start even when the database is briefly unreachable? No: fail fast at start, with the url in the message
        config.setInitializationFailTimeout(TimeUnit.SECONDS.toMillis(5));
        if (settings.isEmbedded()) {
            config.setJdbcUrl(embeddedUrl(settings));
            config.setUsername("sa");
            config.setPassword("");
        } else {
            config.setJdbcUrl(settings.url());
            config.setUsername(settings.user());
            config.setPassword(settings.password().reveal());
            config.setConnectionInitSql("SET time_zone = '+00:00'");
        }
        return config;
    }

    static Path embeddedFile(DbSettings settings) {
        return Path.of(settings.embeddedPath()).toAbsolutePath().normalize();
    }

    static String embeddedUrl(DbSettings settings) {
        Path file = embeddedFile(settings);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory for embedded database " + file, e);
        }
        return "jdbc:h2:file:" + file + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE";
    }

    public DataSource dataSource() {
        return pool;
    }

    public HikariDataSource pool() {
        return pool;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * True if a connection can be had and is valid within 2 s (for the health check). Logs nothing: the cached health
     * logs one WARN per change of state with the reason this throws (the SQL state and error code, never the URL).
     *
     * @throws IllegalStateException when no connection can be had, with the SQL state and vendor error code
     */
    public boolean isHealthy() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            throw new IllegalStateException("no database connection (" + dialect + ", SQLState " + e.getSQLState()
                + ", error " + e.getErrorCode() + ", " + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[" + description + ", " + dialect + "]";
    }
}
