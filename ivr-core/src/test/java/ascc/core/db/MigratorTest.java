package ascc.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigratorTest {
    @TempDir
    Path dir;

    private Database embedded(String name) {
        return Database.openWithoutMigrations(DbSettings.embedded(dir.resolve(name).toString(), 4));
    }

    @Test
    void loadsEngineMigrationsFromClasspathInVersionOrder() {
        List<Migration> ms = Migrator.fromClasspath(Migrator.DEFAULT_LOCATION);
        assertTrue(ms.size() >= 2, "found " + ms);
        assertEquals("V001__calls.sql", ms.get(0).fileName());
        assertEquals("V002__quartz.sql", ms.get(1).fileName());
        assertEquals("calls", ms.get(0).description());
    }

    @Test
    void loadsMigrationsFromAJarAsInstalled() throws Exception {
        Path jar = dir.resolve("engine.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("db/", "db/migration/", "db/migration/V010__later.sql", "db/migration/V002__second.sql",
                "db/migration/README.txt", "db/migration/old/V001__nested.sql")) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write(("-- " + name + "\nSELECT 1;\n").getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<Migration> ms = Migrator.fromClasspath("db/migration", loader);
            assertEquals(List.of("V002__second.sql", "V010__later.sql"), ms.stream().map(Migration::fileName).toList());
            assertEquals(List.of("SELECT 1"), ms.get(0).statements());
        }
    }

    @Test
    void openAppliesMigrationsOnceAndSecondStartIsNoOp() throws SQLException {
        String path = dir.resolve("ascc").toString();
        try (Database db = Database.open(DbSettings.embedded(path, 4))) {
            assertEquals(Dialect.H2, db.dialect());
            assertEquals(Migrator.fromClasspath(Migrator.DEFAULT_LOCATION).size(), countRows(db, "schema_migrations"));
            assertEquals(0, countRows(db, "call_record"));
        }
        try (Database db = Database.open(DbSettings.embedded(path, 4))) {
            List<Migration> applied = new Migrator(db.dataSource(), Migrator.fromClasspath(Migrator.DEFAULT_LOCATION)).migrate();
            assertEquals(List.of(), applied);
            assertEquals(Migrator.fromClasspath(Migrator.DEFAULT_LOCATION).size(), countRows(db, "schema_migrations"));
        }
    }

    @Test
    void recordsVersionDescriptionChecksumAndUtcTimeOfEachMigration() throws SQLException {
        Instant now = Instant.parse("2025-03-01T08:15:30.250Z");
        Migration m = Migration.fromFile("V007__add_things.sql", "CREATE TABLE things (id INT PRIMARY KEY);\n");
        try (Database db = embedded("rec")) {
            new Migrator(db.dataSource(), List.of(m), Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(5)).migrate();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version, description, checksum, applied_at FROM schema_migrations")) {
                assertTrue(rs.next());
                assertEquals(7, rs.getInt(1));
                assertEquals("add things", rs.getString(2));
                assertEquals(m.checksum(), rs.getString(3));
                assertEquals("2025-03-01T08:15:30.250", rs.getObject(4, java.time.LocalDateTime.class).toString());
            }
        }
    }

    @Test
    void changedChecksumOfAppliedMigrationIsFatalAndNamesTheFile() {
        try (Database db = embedded("sum")) {
            Migration v1 = Migration.fromFile("V001__things.sql", "CREATE TABLE things (id INT PRIMARY KEY);\n");
            new Migrator(db.dataSource(), List.of(v1)).migrate();
            Migration edited = Migration.fromFile("V001__things.sql", "CREATE TABLE things (id BIGINT PRIMARY KEY);\n");
            MigrationException e = assertThrows(MigrationException.class,
                () -> new Migrator(db.dataSource(), List.of(edited)).migrate());
            assertTrue(e.getMessage().contains("V001__things.sql"), e.getMessage());
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
    }

    @Test
    void lineEndingChangeDoesNotChangeChecksum() {
        assertEquals(Migration.fromFile("V001__a.sql", "SELECT 1;\nSELECT 2;\n").checksum(),
            Migration.fromFile("V001__a.sql", "SELECT 1;\r\nSELECT 2;\r\n").checksum());
    }

    @Test
    void appliesOnlyNewMigrationsOnALaterStart() throws SQLException {
        try (Database db = embedded("later")) {
            Migration v1 = Migration.fromFile("V001__a.sql", "CREATE TABLE a (id INT PRIMARY KEY);\n");
            Migration v2 = Migration.fromFile("V002__b.sql", "CREATE TABLE b (id INT PRIMARY KEY);\n");
            assertEquals(List.of(v1), new Migrator(db.dataSource(), List.of(v1)).migrate());
            assertEquals(List.of(v2), new Migrator(db.dataSource(), List.of(v2, v1)).migrate());
            assertEquals(0, countRows(db, "b"));
        }
    }

    @Test
    void failingStatementNamesFileAndStatementAndLeavesMigrationUnrecorded() throws SQLException {
        try (Database db = embedded("fail")) {
            Migration bad = Migration.fromFile("V001__bad.sql",
                "CREATE TABLE ok1 (id INT PRIMARY KEY);\nCREATE TABLEX broken (id INT);\n");
            MigrationException e = assertThrows(MigrationException.class, () -> new Migrator(db.dataSource(), List.of(bad)).migrate());
            assertTrue(e.getMessage().contains("V001__bad.sql") && e.getMessage().contains("statement 2/2"), e.getMessage());
            assertEquals(0, countRows(db, "schema_migrations"));
        }
    }

    @Test
    void rejectsTwoMigrationsWithTheSameVersion() {
        Migration a = Migration.fromFile("V001__a.sql", "SELECT 1;");
        Migration b = Migration.fromFile("V1__b.sql", "SELECT 2;");
        MigrationException e = assertThrows(MigrationException.class, () -> new Migrator(null, List.of(a, b)));
        assertTrue(e.getMessage().contains("V001__a.sql") && e.getMessage().contains("V1__b.sql"), e.getMessage());
    }

    @Test
    void rejectsFileNamesNotFollowingThePattern() {
        MigrationException e = assertThrows(MigrationException.class, () -> Migration.fromFile("001_calls.sql", "SELECT 1;"));
        assertTrue(e.getMessage().contains("001_calls.sql"), e.getMessage());
    }

    @Test
    void splitsStatementsOnlyOnSemicolonAtLineEndAndDropsCommentLines() {
        Migration m = Migration.fromFile("V001__split.sql", """
            -- a comment; with a semicolon;
            CREATE TABLE t (
                a VARCHAR(10) DEFAULT 'x;y'
            );
            INSERT INTO t (a) VALUES ('1;2');\s\s
            INSERT INTO t (a)
            VALUES ('3')""");
        assertEquals(List.of(
            "CREATE TABLE t (\n    a VARCHAR(10) DEFAULT 'x;y'\n)",
            "INSERT INTO t (a) VALUES ('1;2')",
            "INSERT INTO t (a)\nVALUES ('3')"), m.statements());
    }

    @Test
    void concurrentStartsApplyEachMigrationOnce() throws Exception {
        try (Database db = embedded("race")) {
            List<Migration> ms = Migrator.fromClasspath(Migrator.DEFAULT_LOCATION);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<List<Migration>>> results = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Callable<List<Migration>> task = () -> {
                        go.await();
                        return new Migrator(db.dataSource(), ms).migrate();
                    };
                    results.add(pool.submit(task));
                }
                go.countDown();
                int appliedTotal = 0;
                for (Future<List<Migration>> f : results) {
                    appliedTotal += f.get(60, TimeUnit.SECONDS).size();
                }
                assertEquals(ms.size(), appliedTotal);
                assertEquals(ms.size(), countRows(db, "schema_migrations"));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    static long countRows(Database db, String table) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
