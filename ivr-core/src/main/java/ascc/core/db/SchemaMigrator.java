package ascc.core.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL files of {@code db/migration} ({@code V001__calls.sql}, ...) with Flyway, on H2 and MariaDB.
 * Flyway records them in {@code flyway_schema_history}, refuses an applied file whose checksum changed, ignores versions
 * newer than the files it knows (a newer engine ran here) and locks against concurrent starts ({@code GET_LOCK} on
 * MariaDB; on H2, whose history-table lock does not hold while the table is empty, {@link H2MigrationLock}).
 *
 * <p>The SQL is the same on both databases (H2 runs in {@code MODE=MariaDB}), so there is one location. Should a
 * statement ever need to differ, put it in {@code db/migration/h2} and {@code db/migration/mariadb} and add
 * {@code classpath:db/migration/{vendor}} to {@link #LOCATIONS}. Placeholder replacement is off: {@code ${...}} in a
 * file is plain SQL text.
 *
 * <p>Databases migrated by the hand-written migrator of earlier versions have {@code schema_migrations} and no Flyway
 * history: the first start records a Flyway baseline at the newest version found there, so applied files do not run
 * again, after checking that every file up to that version was applied. {@code schema_migrations} is kept, untouched,
 * as the record of what the old migrator did.
 */
public final class SchemaMigrator {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    /** Where the engine's migrations are. */
    public static final List<String> LOCATIONS = List.of("classpath:db/migration");
    /** Flyway's history table (its default name). */
    public static final String HISTORY_TABLE = "flyway_schema_history";
    /** The table of the hand-written migrator that Flyway replaced. */
    static final String LEGACY_TABLE = "schema_migrations";

    private final Consumer<FluentConfiguration> connect;
    private final List<String> locations;

    /** The engine's migrations, over connections of {@code dataSource} (Flyway takes two at once: size a pool for it). */
    public SchemaMigrator(DataSource dataSource) {
        this(dataSource, LOCATIONS);
    }

    /** Migrations from other Flyway locations ({@code classpath:...} or {@code filesystem:...}), for tests. */
    public SchemaMigrator(DataSource dataSource, List<String> locations) {
        this(c -> c.dataSource(dataSource), locations);
    }

    private SchemaMigrator(Consumer<FluentConfiguration> connect, List<String> locations) {
        this.connect = connect;
        this.locations = List.copyOf(locations);
    }

    /**
     * The engine's migrations over Flyway's own connections to {@code url} (not the pool's: a pool of one connection
     * would starve Flyway), each starting with {@code initSql} when not null.
     */
    static SchemaMigrator forUrl(String url, String user, String password, String initSql) {
        return new SchemaMigrator(c -> {
            c.dataSource(url, user, password);
            if (initSql != null) {
                c.initSql(initSql);
            }
        }, LOCATIONS);
    }

    /**
     * Applies pending migrations. Returns the versions this call applied ({@code "001"}, ...), empty when up to date.
     *
     * @throws MigrationException on a changed checksum, a failing statement or an old history that does not fit the files
     */
    public List<String> migrate() {
        FluentConfiguration config = configuration();
        return H2MigrationLock.around(config.getDataSource(), () -> migrate(config));
    }

    private List<String> migrate(FluentConfiguration config) {
        try {
            Optional<Integer> legacy = legacyBaseline(config.load());
            legacy.ifPresent(v -> config.baselineOnMigrate(true).baselineVersion(Integer.toString(v))
                .baselineDescription("applied by the old migrator (" + LEGACY_TABLE + ")"));
            MigrateResult result = config.load().migrate();
            List<String> applied = result.migrations.stream().map(m -> m.version).toList();
            if (applied.isEmpty()) {
                LOG.info("schema up to date (version {})", result.targetSchemaVersion != null
                    ? result.targetSchemaVersion : result.initialSchemaVersion);
            } else {
                LOG.info("applied migrations {} (schema now at version {})", applied, result.targetSchemaVersion);
            }
            return applied;
        } catch (FlywayException e) {
            throw new MigrationException("migration failed: " + e.getMessage()
                + (e.getMessage() != null && e.getMessage().contains("checksum mismatch")
                    ? " (applied migrations must not be edited; add a new V<n>__ file instead)" : ""), e);
        }
    }

    /** The migrations Flyway finds, applied or not, in version order. */
    public List<MigrationInfo> info() {
        try {
            return List.of(configuration().load().info().all());
        } catch (FlywayException e) {
            throw new MigrationException("cannot read migrations: " + e.getMessage(), e);
        }
    }

    private FluentConfiguration configuration() {
        FluentConfiguration config = Flyway.configure(SchemaMigrator.class.getClassLoader());
        connect.accept(config);
        return config
            .locations(locations.toArray(String[]::new))
            .table(HISTORY_TABLE)
            .placeholderReplacement(false)
            .validateMigrationNaming(true)
            .failOnMissingLocations(true)
            .cleanDisabled(true);
    }

    /**
     * The version to baseline at when the database has the old migrator's table and no Flyway history yet;
     * empty otherwise. Refuses when a file at or below that version is missing from the old table.
     */
    private Optional<Integer> legacyBaseline(Flyway flyway) {
        TreeMap<Integer, String> applied = new TreeMap<>();
        try (Connection c = flyway.getConfiguration().getDataSource().getConnection()) {
            if (!tableExists(c, LEGACY_TABLE) || tableExists(c, HISTORY_TABLE)) {
                return Optional.empty();
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version, description FROM " + LEGACY_TABLE)) {
                while (rs.next()) {
                    applied.put(rs.getInt(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new MigrationException("cannot read the old migration table " + LEGACY_TABLE + ": " + e.getMessage(), e);
        }
        if (applied.isEmpty()) {
            return Optional.empty();
        }
        int newest = applied.lastKey();
        for (MigrationInfo m : flyway.info().all()) {
            int version = Integer.parseInt(m.getVersion().getVersion());
            if (version <= newest && !applied.containsKey(version)) {
                throw new MigrationException(LEGACY_TABLE + " records versions up to " + newest + " but not " + m.getScript()
                    + ": this database was not migrated in order; apply that file by hand, add its row, then restart");
            }
        }
        LOG.info("database was migrated by the old migrator up to version {}: recording a Flyway baseline there", newest);
        return Optional.of(newest);
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
