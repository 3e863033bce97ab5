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
    void registersTheCronInSeoulTimeAndReRegisteringReplaces() throws Exception {
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

    /** A minimal context: the scheduler (for its context) and the scheduled fire time. */
    private JobExecutionContext context(Instant fired) {
        org.quartz.Scheduler quartz = scheduler.quartz();
        return (JobExecutionContext) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {JobExecutionContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getScheduler" -> quartz;
                    case "getScheduledFireTime", "getFireTime" -> Date.from(fired);
                    case "getMergedJobDataMap" -> new JobDataMap();
                    default -> null;
                });
    }
}
