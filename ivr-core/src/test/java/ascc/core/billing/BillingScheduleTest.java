package ascc.core.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.sched.Scheduler;
import ascc.core.config.yaml.BillingConfigLoader;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/** The monthly close job: registered through the engine's Quartz, on the 1st at 02:00 Seoul time, closing the month before. */
class BillingScheduleTest {
    @TempDir
    Path dir;
    Database db;
    Scheduler scheduler;
    BillingService service;

    @BeforeEach
    void start() throws Exception {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        scheduler = Scheduler.start(db.dataSource(), "billing-test", false, 1);
        CenterConfig cfg = ConfigLoader.load(Path.of("../conf"), Map.of());
        service = new BillingService(db.dataSource(), BillingConfigLoader.load(Path.of("../conf")), () -> cfg, SurveyUsageSource.NONE,
                Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        scheduler.shutdown(false);
        db.close();
    }

    @Test
    void registersTheCronInSeoulTimeAndReRegisteringKeepsOneTrigger() throws Exception {
        CronTrigger t = BillingSchedule.register(scheduler, service);
        BillingSchedule.register(scheduler, service);
        assertEquals(1, scheduler.quartz().getTriggersOfJob(BillingSchedule.JOB).size());
        assertEquals(TimeZone.getTimeZone("Asia/Seoul"), t.getTimeZone());
        assertEquals(BillingSchedule.CRON, t.getCronExpression());
    }

    @Test
    void theTriggerFiresOnTheFirstAtTwoInTheMorningSeoulTimeWhateverTodayIs() {
        // a fixed start: the fire times must not depend on the date the suite runs
        CronTrigger t = BillingSchedule.trigger(java.time.ZoneId.of("Asia/Seoul"), Date.from(Instant.parse("2026-11-01T00:00:00Z")));
        Date next = t.getFireTimeAfter(Date.from(Instant.parse("2026-11-15T00:00:00Z")));
        assertEquals(Instant.parse("2026-11-30T17:00:00Z"), next.toInstant(), "2026-12-01 02:00 in Seoul");
        Date afterThat = t.getFireTimeAfter(next);
        assertEquals(Instant.parse("2026-12-31T17:00:00Z"), afterThat.toInstant(), "2027-01-01 02:00 in Seoul");
    }

    @Test
    void theJobClosesTheMonthBeforeItsFireTime() throws Exception {
        BillingSchedule.register(scheduler, service);
        new BillingJob().execute(context(Instant.parse("2026-11-30T17:00:00Z")));
        ProgramSummary s = service.store().summary(MonthlyClose.MAIN_LEDGER, YearMonth.of(2026, 11)).orElseThrow();
        assertEquals(service.companies().size(), s.companies());
        assertFalse(service.store().summary(MonthlyClose.MAIN_LEDGER, YearMonth.of(2026, 12)).isPresent());
        new BillingJob().execute(context(Instant.parse("2026-11-30T17:00:00Z")));
        assertTrue(service.store().summary(MonthlyClose.MAIN_LEDGER, YearMonth.of(2026, 11)).isPresent(), "again: idempotent");
    }

    @Test
    void reRegisteringKeepsTheStoredTriggerSoAFireMissedWhileDownIsNotDiscarded() throws Exception {
        Scheduler standby = Scheduler.create(db.dataSource(), "billing-standby", false, 1);
        try {
            service.store(); // the tables exist
            java.time.ZoneId seoul = java.time.ZoneId.of("Asia/Seoul");
            // stored by an engine that ran in October; it was down at 02:00 on 1 November
            CronTrigger stored = BillingSchedule.trigger(seoul, Date.from(Instant.parse("2026-10-15T00:00:00Z")));
            standby.quartz().scheduleJob(org.quartz.JobBuilder.newJob(BillingJob.class).withIdentity(BillingSchedule.JOB)
                    .storeDurably().build(), java.util.Set.of(stored), true);
            Date missed = standby.quartz().getTrigger(stored.getKey()).getNextFireTime();
            assertEquals(Instant.parse("2026-10-31T17:00:00Z"), missed.toInstant());

            CronTrigger kept = BillingSchedule.register(standby, service); // the next start
            assertEquals(missed, kept.getNextFireTime(), "the missed fire is still due: it runs when the scheduler starts");
            assertEquals(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW, kept.getMisfireInstruction());
            assertEquals(1, standby.quartz().getTriggersOfJob(BillingSchedule.JOB).size());
        } finally {
            standby.shutdown(false);
        }
    }

    @Test
    void aCloseFailingOnTheDatabaseIsRetriedWithBackoffAndTheNextCloseCatchesUpInOrder() throws Exception {
        FlakyDataSource flaky = new FlakyDataSource(db.dataSource());
        CenterConfig cfg = ConfigLoader.load(Path.of("../conf"), Map.of());
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        BillingService onFlaky = new BillingService(flaky.proxy(), BillingConfigLoader.load(Path.of("../conf")), () -> cfg,
                SurveyUsageSource.NONE, Clock.fixed(now, ZoneOffset.UTC));
        Scheduler standby = Scheduler.create(db.dataSource(), "billing-retry", false, 1); // inspected, never fires
        try {
            BillingSchedule.register(standby, onFlaky);
            new BillingJob().execute(context(standby, Instant.parse("2026-09-30T15:00:00Z"), new JobDataMap())); // closes September
            flaky.down = true;
            org.quartz.JobExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                    org.quartz.JobExecutionException.class,
                    () -> new BillingJob().execute(context(standby, Instant.parse("2026-10-31T17:00:00Z"), new JobDataMap())));
            assertTrue(failed.getCause() instanceof java.sql.SQLException, failed.toString());

            org.quartz.Trigger retry = standby.quartz().getTrigger(BillingJob.RETRY);
            assertEquals(now.plus(java.time.Duration.ofMinutes(1)), retry.getStartTime().toInstant(), "first retry after 1 min");
            assertEquals("2026-10", retry.getJobDataMap().getString(BillingJob.MONTH));
            assertEquals("1", retry.getJobDataMap().getString(BillingJob.ATTEMPT));

            org.junit.jupiter.api.Assertions.assertThrows(org.quartz.JobExecutionException.class,
                    () -> new BillingJob().execute(context(standby, now, retry.getJobDataMap())));
            org.quartz.Trigger second = standby.quartz().getTrigger(BillingJob.RETRY);
            assertEquals(now.plus(java.time.Duration.ofMinutes(2)), second.getStartTime().toInstant(), "then after 2 min");
            assertEquals("2", second.getJobDataMap().getString(BillingJob.ATTEMPT));

            flaky.down = false; // still failing when November's close fires: it closes October first, then November
            new BillingJob().execute(context(standby, Instant.parse("2026-11-30T17:00:00Z"), new JobDataMap()));
            assertTrue(onFlaky.store().summary(MonthlyClose.MAIN_LEDGER, YearMonth.of(2026, 10)).isPresent());
            assertTrue(onFlaky.store().summary(MonthlyClose.MAIN_LEDGER, YearMonth.of(2026, 11)).isPresent());
            new BillingJob().execute(context(standby, now, second.getJobDataMap())); // the pending retry: nothing left to do
            assertEquals(java.util.Optional.of(YearMonth.of(2026, 11)), onFlaky.store().latestClosed(MonthlyClose.MAIN_LEDGER));
        } finally {
            standby.shutdown(false);
        }
    }

    @Test
    void aRefusedCloseWaitsAnHourForAFixWhileADatabaseFailureBacksOffFromOneMinute() {
        assertEquals(CloseRetry.Kind.NEEDS_FIX, CloseRetry.classify(new BillingException("company 'x' has no tier")));
        assertEquals(CloseRetry.Kind.TRANSIENT, CloseRetry.classify(new java.sql.SQLTransientConnectionException("db away")));
        assertEquals(CloseRetry.Kind.TRANSIENT, CloseRetry.classify(new IllegalStateException("anything else")));
        assertEquals(java.time.Duration.ofHours(1), CloseRetry.delay(CloseRetry.Kind.NEEDS_FIX, 0));
        assertEquals(java.time.Duration.ofMinutes(1), CloseRetry.delay(CloseRetry.Kind.TRANSIENT, 0));
        assertEquals(java.time.Duration.ofMinutes(32), CloseRetry.delay(CloseRetry.Kind.TRANSIENT, 5));
        assertEquals(java.time.Duration.ofHours(1), CloseRetry.delay(CloseRetry.Kind.TRANSIENT, 6));
        assertEquals(java.time.Duration.ofHours(1), CloseRetry.delay(CloseRetry.Kind.TRANSIENT, 1000));
    }

    /** The engine's pool, refusing connections like a database outage while {@code down}. */
    static final class FlakyDataSource {
        final javax.sql.DataSource real;
        volatile boolean down;

        FlakyDataSource(javax.sql.DataSource real) {
            this.real = real;
        }

        javax.sql.DataSource proxy() {
            return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {javax.sql.DataSource.class}, (p, m, args) -> {
                        if (down && m.getName().equals("getConnection")) {
                            throw new java.sql.SQLTransientConnectionException("database away (test)");
                        }
                        try {
                            return m.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    /** A minimal context: the scheduler (for its context) and the scheduled fire time. */
    private JobExecutionContext context(Instant fired) {
        return context(scheduler, fired, new JobDataMap());
    }

    private JobExecutionContext context(Scheduler on, Instant fired, JobDataMap data) {
        org.quartz.Scheduler quartz = on.quartz();
        return (JobExecutionContext) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {JobExecutionContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getScheduler" -> quartz;
                    case "getScheduledFireTime", "getFireTime" -> Date.from(fired);
                    case "getMergedJobDataMap" -> data;
                    default -> null;
                });
    }
}
