package ascc.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorTest {
    @TempDir
    Path dir;

    private Database embedded(String name) {
        return Database.openWithoutMigrations(DbSettings.embedded(dir.resolve(name).toString(), 4));
    }

    private Path files(String folder, String... nameAndSql) throws IOException {
        Path d = Files.createDirectories(dir.resolve(folder));
        for (int i = 0; i < nameAndSql.length; i += 2) {
            Files.writeString(d.resolve(nameAndSql[i]), nameAndSql[i + 1]);
        }
        return d;
    }

    private static SchemaMigrator migrator(Database db, Path folder) {
        return new SchemaMigrator(db.dataSource(), List.of("filesystem:" + folder));
    }

    private List<String> shippedVersions() {
        try (Database db = embedded("shipped")) {
            return new SchemaMigrator(db.dataSource()).info().stream().map(m -> m.getVersion().getVersion()).toList();
        }
    }

    @Test
    void findsTheShippedMigrationsInVersionOrder() {
        try (Database db = embedded("info")) {
            List<MigrationInfo> ms = new SchemaMigrator(db.dataSource()).info();
            assertTrue(ms.size() >= 2, "found " + ms);
            assertEquals("V001__calls.sql", ms.get(0).getScript());
            assertEquals("V002__quartz.sql", ms.get(1).getScript());
            assertEquals("calls", ms.get(0).getDescription());
        }
    }

    @Test
    void openAppliesEveryShippedMigrationOnceAndSecondStartIsNoOp() throws SQLException {
        String path = dir.resolve("ascc").toString();
        int shipped;
        try (Database db = Database.open(DbSettings.embedded(path, 4))) {
            assertEquals(Dialect.H2, db.dialect());
            shipped = new SchemaMigrator(db.dataSource()).info().size();
            assertEquals(shipped, successfulVersions(db).size());
            assertEquals(0, countRows(db, "call_record"));
            assertEquals(0, countRows(db, "QRTZ_TRIGGERS"));
        }
        try (Database db = Database.open(DbSettings.embedded(path, 4))) {
            assertEquals(List.of(), new SchemaMigrator(db.dataSource()).migrate());
            assertEquals(shipped, successfulVersions(db).size());
        }
    }

    @Test
    void changedChecksumOfAppliedMigrationIsRefused() throws IOException {
        Path folder = files("sum", "V001__things.sql", "CREATE TABLE things (id INT PRIMARY KEY);\n");
        try (Database db = embedded("sum")) {
            assertEquals(List.of("001"), migrator(db, folder).migrate());
            files("sum", "V001__things.sql", "CREATE TABLE things (id BIGINT PRIMARY KEY);\n");
            MigrationException e = assertThrows(MigrationException.class, () -> migrator(db, folder).migrate());
            assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains("001"), e.getMessage());
            assertTrue(e.getMessage().contains("must not be edited"), e.getMessage());
        }
    }

    @Test
    void lineEndingChangeDoesNotChangeChecksum() throws IOException {
        Path folder = files("crlf", "V001__a.sql", "CREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\n");
        try (Database db = embedded("crlf")) {
            migrator(db, folder).migrate();
            files("crlf", "V001__a.sql", "CREATE TABLE a (id INT);\r\nCREATE TABLE b (id INT);\r\n");
            assertEquals(List.of(), migrator(db, folder).migrate());
        }
    }

    @Test
    void appliesOnlyNewMigrationsOnALaterStart() throws Exception {
        Path folder = files("later", "V001__a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\n");
        try (Database db = embedded("later")) {
            assertEquals(List.of("001"), migrator(db, folder).migrate());
            files("later", "V002__b.sql", "CREATE TABLE b (id INT PRIMARY KEY);\nINSERT INTO b (id) VALUES (1);\n");
            assertEquals(List.of("002"), migrator(db, folder).migrate());
            assertEquals(1, countRows(db, "b"));
        }
    }

    @Test
    void semicolonsInsideLiteralsAndCommentsDoNotSplitStatements() throws Exception {
        Path folder = files("split", "V001__split.sql", """
            -- a comment; with a semicolon;
            CREATE TABLE t (
                a VARCHAR(10) DEFAULT 'x;y'
            );
            INSERT INTO t (a) VALUES ('1;2');  INSERT INTO t (a)
            VALUES ('3');
            """);
        try (Database db = embedded("split")) {
            migrator(db, folder).migrate();
            assertEquals(2, countRows(db, "t"));
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT a FROM t ORDER BY a")) {
                rs.next();
                assertEquals("1;2", rs.getString(1));
            }
        }
    }

    @Test
    void failingStatementNamesTheFileAndLeavesNoSuccessfulRecord() throws Exception {
        Path folder = files("fail", "V001__bad.sql", "CREATE TABLE ok1 (id INT PRIMARY KEY);\nCREATE TABLEX broken (id INT);\n");
        try (Database db = embedded("fail")) {
            MigrationException e = assertThrows(MigrationException.class, () -> migrator(db, folder).migrate());
            assertTrue(e.getMessage().contains("V001__bad.sql"), e.getMessage());
            assertEquals(List.of(), successfulVersions(db));
        }
    }

    @Test
    void concurrentStartsInOneProcessApplyEachMigrationOnce() throws Exception {
        try (Database db = embedded("race")) {
            assertEquals(shippedVersions().size(), raceMigrations(List.of(db, db, db)));
            assertEquals(shippedVersions(), successfulVersions(db));
        }
    }

    @Test
    void engineAndCliStartingAtOnceOnTheSharedFileApplyEachMigrationOnce() throws Exception {
        String path = dir.resolve("shared").toString();
        try (Database engine = Database.openWithoutMigrations(DbSettings.embedded(path, 4));
             Database cli = Database.openWithoutMigrations(DbSettings.embedded(path, 2))) {
            assertEquals(shippedVersions().size(), raceMigrations(List.of(engine, cli)));
            assertEquals(shippedVersions(), successfulVersions(cli));
        }
    }

    private int raceMigrations(List<Database> dbs) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(dbs.size());
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (Database db : dbs) {
                Callable<List<String>> task = () -> {
                    go.await();
                    return new SchemaMigrator(db.dataSource()).migrate();
                };
                results.add(pool.submit(task));
            }
            go.countDown();
            int applied = 0;
            for (Future<List<String>> f : results) {
                applied += f.get(120, TimeUnit.SECONDS).size();
            }
            return applied;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void databaseOfTheOldMigratorIsBaselinedAndOnlyNewerFilesRun() throws Exception {
        List<String> shipped = shippedVersions();
        String last = shipped.get(shipped.size() - 1);
        String before = shipped.get(shipped.size() - 2);
        try (Database db = embedded("legacy")) {
            oldMigratorState(db, before);
            assertEquals(List.of(last), new SchemaMigrator(db.dataSource()).migrate());
            List<String> history = new ArrayList<>();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version, type FROM flyway_schema_history"
                     + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
                while (rs.next()) {
                    history.add(rs.getString(1) + ":" + rs.getString(2));
                }
            }
            assertEquals(List.of(Integer.parseInt(before) + ":BASELINE", last + ":SQL"), history);
            assertEquals(shipped.size() - 1, countRows(db, "schema_migrations"), "old table kept as it was");
            assertEquals(List.of(), new SchemaMigrator(db.dataSource()).migrate());
        }
    }

    @Test
    void databaseOfTheOldMigratorWithAGapIsRefused() throws Exception {
        List<String> shipped = shippedVersions();
        try (Database db = embedded("gap")) {
            oldMigratorState(db, shipped.get(shipped.size() - 1));
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM schema_migrations WHERE version = 2");
            }
            MigrationException e = assertThrows(MigrationException.class, () -> new SchemaMigrator(db.dataSource()).migrate());
            assertTrue(e.getMessage().contains("V002__quartz.sql"), e.getMessage());
        }
    }

    /** The schema up to {@code target} as the hand-written migrator left it: its table, no Flyway history. */
    private static void oldMigratorState(Database db, String target) throws SQLException {
        Flyway.configure().dataSource(db.dataSource()).locations(SchemaMigrator.LOCATIONS.toArray(String[]::new))
            .target(target).load().migrate();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE flyway_schema_history");
            s.execute("CREATE TABLE schema_migrations (version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL,"
                + " checksum VARCHAR(64) NOT NULL, applied_at DATETIME(3) NOT NULL)");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_migrations VALUES (?, ?, 'x', TIMESTAMP '2025-01-01 00:00:00')")) {
                for (MigrationInfo m : new SchemaMigrator(db.dataSource()).info()) {
                    if (Integer.parseInt(m.getVersion().getVersion()) <= Integer.parseInt(target)) {
                        ps.setInt(1, Integer.parseInt(m.getVersion().getVersion()));
                        ps.setString(2, m.getDescription());
                        ps.executeUpdate();
                    }
                }
            }
        }
    }

    static List<String> successfulVersions(Database db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history"
                 + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static long countRows(Database db, String table) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
