package ascc.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

class SchedulerTest {
    /** Latches by key, because Quartz instantiates the job class itself. */
    static final Map<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();
    static final Map<String, String> THREADS = new ConcurrentHashMap<>();

    /** Counts down the latch named in its job data and notes its thread's name. */
    public static final class LatchJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            String key = context.getMergedJobDataMap().getString("latch");
            THREADS.put(key, Thread.currentThread().getName());
            LATCHES.get(key).countDown();
        }
    }

    @TempDir
    Path dir;
    private Database db;

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 6));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void runsAJobDueNowAndKeepsItInTheQuartzTables() throws Exception {
        Scheduler scheduler = Scheduler.start(db.dataSource(), "ascc-test-run", false);
        try {
            CountDownLatch ran = new CountDownLatch(1);
            LATCHES.put("run", ran);
            JobDetail job = JobBuilder.newJob(LatchJob.class).withIdentity("callback-1", "callbacks")
                .usingJobData("latch", "run").storeDurably().build();
            Trigger now = TriggerBuilder.newTrigger().withIdentity("callback-1-now", "callbacks").forJob(job).startNow().build();
            scheduler.quartz().addJob(job, false);
            scheduler.quartz().scheduleJob(now);
            assertTrue(ran.await(20, TimeUnit.SECONDS), "job did not run within 20 s");
            assertTrue(THREADS.get("run").startsWith(Scheduler.THREAD_PREFIX), THREADS.get("run"));
            assertEquals(1, count(db.dataSource(),
                "SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE SCHED_NAME = ? AND JOB_NAME = ?", "ascc-test-run", "callback-1"));
        } finally {
            scheduler.shutdown(true);
        }
    }

    @Test
    void futureTriggerSurvivesARestart() throws Exception {
        long inAnHour = System.currentTimeMillis() + TimeUnit.HOURS.toMillis(1);
        Scheduler first = Scheduler.start(db.dataSource(), "ascc-test-restart", false);
        try {
            JobDetail job = JobBuilder.newJob(LatchJob.class).withIdentity("report", "reports").usingJobData("latch", "never").build();
            Trigger later = TriggerBuilder.newTrigger().withIdentity("report-later", "reports").startAt(new Date(inAnHour)).build();
            first.quartz().scheduleJob(job, later);
        } finally {
            first.shutdown(true);
        }
        assertEquals(1, count(db.dataSource(), "SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE SCHED_NAME = ? AND TRIGGER_NAME = ?",
            "ascc-test-restart", "report-later"));
        Scheduler second = Scheduler.start(db.dataSource(), "ascc-test-restart", false);
        try {
            Trigger found = second.quartz().getTrigger(new TriggerKey("report-later", "reports"));
            assertNotNull(found, "trigger lost over restart");
            assertEquals(inAnHour, found.getNextFireTime().getTime());
            assertNotNull(second.quartz().getJobDetail(new JobKey("report", "reports")));
        } finally {
            second.shutdown(false);
        }
    }

    @Test
    void clusteredSchedulerRunsJobsOnTheSameTables() throws Exception {
        Scheduler scheduler = Scheduler.start(db.dataSource(), "ascc-test-cluster", true);
        try {
            CountDownLatch ran = new CountDownLatch(1);
            LATCHES.put("cluster", ran);
            JobDetail job = JobBuilder.newJob(LatchJob.class).withIdentity("c", "g").usingJobData("latch", "cluster").build();
            scheduler.quartz().scheduleJob(job, TriggerBuilder.newTrigger().withIdentity("c-now", "g").startNow().build());
            assertTrue(ran.await(20, TimeUnit.SECONDS), "clustered job did not run within 20 s");
            assertEquals(1, count(db.dataSource(), "SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE WHERE SCHED_NAME = ?",
                "ascc-test-cluster"));
        } finally {
            scheduler.shutdown(true);
        }
    }

    /** A job with no no-arg constructor: only its registered factory can build it. */
    public static final class NeedsItsPartsJob implements Job {
        private final CountDownLatch ran;

        NeedsItsPartsJob(CountDownLatch ran) {
            this.ran = ran;
        }

        @Override
        public void execute(JobExecutionContext context) {
            ran.countDown();
        }
    }

    @Test
    void aFireDueBeforeTheSchedulerStartsWaitsForStartAndThenFindsItsJobsFactory() throws Exception {
        Scheduler scheduler = Scheduler.create(db.dataSource(), "ascc-test-standby", false, 1);
        try {
            // stored by an earlier run, due now: the engine's features have not registered their factories yet
            JobDetail job = JobBuilder.newJob(NeedsItsPartsJob.class).withIdentity("due", "g").build();
            scheduler.quartz().scheduleJob(job, TriggerBuilder.newTrigger().withIdentity("due-now", "g").startNow().build());
            assertFalse(scheduler.quartz().isStarted(), "nothing fires in standby");
            CountDownLatch ran = new CountDownLatch(1);
            scheduler.register(NeedsItsPartsJob.class, () -> new NeedsItsPartsJob(ran)); // the feature starts
            scheduler.start(); // every feature registered: now it fires
            assertTrue(ran.await(20, TimeUnit.SECONDS), "the due job did not run within 20 s of the start");
        } finally {
            scheduler.shutdown(true);
        }
    }

    @Test
    void theSameScheduleIsKeptAndAChangedOneReplaced() {
        org.quartz.CronTrigger a = TriggerBuilder.newTrigger().withSchedule(org.quartz.CronScheduleBuilder.cronSchedule("0 0 2 1 * ?")
                .inTimeZone(java.util.TimeZone.getTimeZone("Asia/Seoul"))).build();
        org.quartz.CronTrigger same = TriggerBuilder.newTrigger().withSchedule(org.quartz.CronScheduleBuilder.cronSchedule("0 0 2 1 * ?")
                .inTimeZone(java.util.TimeZone.getTimeZone("Asia/Seoul"))).build();
        org.quartz.CronTrigger otherZone = TriggerBuilder.newTrigger().withSchedule(org.quartz.CronScheduleBuilder
                .cronSchedule("0 0 2 1 * ?").inTimeZone(java.util.TimeZone.getTimeZone("UTC"))).build();
        assertTrue(Scheduler.sameSchedule(a, same));
        assertFalse(Scheduler.sameSchedule(a, otherZone));
    }

    static long count(DataSource ds, String sql, String... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
