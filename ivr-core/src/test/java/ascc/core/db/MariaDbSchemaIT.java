package ascc.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordStore;
import ascc.core.calls.CallRecordWriter;
import ascc.core.metrics.Metrics;
import ascc.core.sched.Scheduler;
import ascc.routing.config.Secret;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.TriggerBuilder;

/**
 * The schema, the upsert and Quartz against a real MariaDB. Needs {@code ASCC_IT_DB_URL} (default
 * {@code jdbc:mariadb://127.0.0.1:3306/ascc_it}), {@code ASCC_IT_DB_USER}/{@code ASCC_IT_DB_PASSWORD} (default ascc/ascc).
 * Drops the engine's tables first, so reruns start clean.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MariaDbSchemaIT {
    static final String URL = env("ASCC_IT_DB_URL", "jdbc:mariadb://127.0.0.1:3306/ascc_it");
    static final DbSettings SETTINGS = DbSettings.mariaDb(URL, env("ASCC_IT_DB_USER", "ascc"),
        Secret.of(env("ASCC_IT_DB_PASSWORD", "ascc")), 6);
    static final Instant T0 = Instant.parse("2025-06-02T01:02:03.456Z");
    static final CountDownLatch JOB_RAN = new CountDownLatch(1);

    /** Counts down {@link #JOB_RAN}. */
    public static final class ItJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            JOB_RAN.countDown();
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    @BeforeAll
    static void dropEngineTables() throws SQLException {
        try (Database db = Database.openWithoutMigrations(SETTINGS); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            // every table of the test schema: all of them come from the migrations, which this test reapplies
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            s.execute("SET FOREIGN_KEY_CHECKS = 0");
            for (String t : tables) {
                s.execute("DROP TABLE `" + t + "`");
            }
            s.execute("SET FOREIGN_KEY_CHECKS = 1");
        }
    }

    @Test
    @Order(1)
    void twoEnginesStartingAtOnceApplyEachMigrationOnce() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int shipped;
        try (Database a = Database.openWithoutMigrations(SETTINGS); Database b = Database.openWithoutMigrations(SETTINGS)) {
            assertEquals(Dialect.MARIADB, a.dialect());
            shipped = new SchemaMigrator(a.dataSource()).info().size();
            List<Future<List<String>>> results = new ArrayList<>();
            for (Database db : List.of(a, b)) {
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
            assertEquals(shipped, applied);
            assertEquals(shipped, SchemaMigratorTest.successfulVersions(a).size());
        } finally {
            pool.shutdownNow();
        }
        try (Database again = Database.open(SETTINGS)) {
            assertEquals(List.of(), new SchemaMigrator(again.dataSource()).migrate());
        }
    }

    @Test
    @Order(2)
    void changedChecksumIsRefusedOnMariaDbToo() throws SQLException {
        try (Database db = Database.openWithoutMigrations(SETTINGS); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '001'");
            try {
                MigrationException e = assertThrows(MigrationException.class, () -> new SchemaMigrator(db.dataSource()).migrate());
                assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains("001"), e.getMessage());
            } finally {
                s.executeUpdate("UPDATE flyway_schema_history SET checksum = checksum - 1 WHERE version = '001'");
            }
        }
    }

    @Test
    @Order(3)
    void upsertIsIdempotentAndStoresUtc() throws SQLException {
        try (Database db = Database.open(SETTINGS)) {
            CallRecordStore store = new CallRecordStore(db.dataSource());
            CallRecord entered = record("it.1", null, CallOutcome.ABANDONED_IVR);
            CallRecord answered = record("it.1", T0.plusSeconds(15), CallOutcome.ANSWERED);
            store.upsert(List.of(entered));
            store.upsert(List.of(answered, record("it.2", null, CallOutcome.CLOSED)));
            store.upsert(List.of(answered));
            assertEquals(2, store.count());
            assertEquals(answered, store.findByLinkedId("it.1").orElseThrow());
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("SET time_zone = '+09:00'");
                try (ResultSet rs = s.executeQuery("SELECT CAST(entered_at AS CHAR) FROM call_record WHERE linked_id = 'it.1'")) {
                    rs.next();
                    assertEquals("2025-06-02 01:02:03.456", rs.getString(1));
                }
            }
            CallRecord tooLong = new CallRecord("it.3", null, "x".repeat(40), null, null, null, null, null, null, null, T0, null,
                null, null, null, CallOutcome.FALLBACK, null, null);
            store.upsert(List.of(tooLong)); // stored cut to the column and flagged, not refused (V050)
            assertEquals("x".repeat(32), store.findByLinkedId("it.3").orElseThrow().companyId());
            assertTrue(store.truncated("it.3"));
        }
    }

    @Test
    @Order(4)
    void writerWritesBatchesToMariaDb() throws Exception {
        try (Database db = Database.open(SETTINGS)) {
            CallRecordStore store = new CallRecordStore(db.dataSource());
            long before = store.count();
            CallRecordWriter writer = new CallRecordWriter(store, new Metrics(), Clock.systemUTC());
            try {
                for (int i = 0; i < 1200; i++) {
                    writer.submit(record("w." + i, null, CallOutcome.ABANDONED_QUEUE));
                    writer.submit(record("w." + i, T0.plusSeconds(5), CallOutcome.ANSWERED));
                }
                assertTrue(writer.flush(Duration.ofSeconds(60)));
            } finally {
                assertEquals(0, writer.close(Duration.ofSeconds(30)));
            }
            assertEquals(before + 1200, store.count());
            assertEquals(CallOutcome.ANSWERED, store.findByLinkedId("w.1199").orElseThrow().outcome());
        }
    }

    @Test
    @Order(5)
    void quartzRunsAndPersistsJobsOnMariaDb() throws Exception {
        try (Database db = Database.open(SETTINGS)) {
            Scheduler scheduler = Scheduler.start(db.dataSource(), "ascc-it", true);
            try {
                JobDetail job = JobBuilder.newJob(ItJob.class).withIdentity("it-job", "it").storeDurably().build();
                scheduler.quartz().addJob(job, true);
                scheduler.quartz().scheduleJob(TriggerBuilder.newTrigger().withIdentity("it-now", "it").forJob(job).startNow().build());
                assertTrue(JOB_RAN.await(30, TimeUnit.SECONDS), "Quartz job did not run on MariaDB within 30 s");
                assertNotNull(scheduler.quartz().getJobDetail(job.getKey()));
                try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE SCHED_NAME = 'ascc-it'"
                         + " AND JOB_NAME = 'it-job'")) {
                    rs.next();
                    assertEquals(1, rs.getInt(1));
                }
            } finally {
                scheduler.shutdown(true);
            }
        }
    }

    private static CallRecord record(String linkedId, Instant answeredAt, CallOutcome outcome) {
        return new CallRecord(linkedId, linkedId + ".0", "acme", "kitchen", "repair", "desk-a", "q-desk-a",
            answeredAt == null ? null : "1001", "15881234", "01012345678", T0, answeredAt, T0.plusSeconds(60), 15_000L,
            answeredAt == null ? 0L : 45_000L, outcome, "company acme -> desk-a", "node-it");
    }
}
