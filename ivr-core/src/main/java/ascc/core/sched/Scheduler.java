package ascc.core.sched;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz with its JDBC job store (JobStoreTX, {@code StdJDBCDelegate}) on the engine's own pool, so scheduled work
 * (callbacks, reports) survives restarts and, clustered, runs on one engine only.
 *
 * <p>The {@code QRTZ_*} tables come from migration {@code V002__quartz.sql}; the table prefix stays Quartz's default
 * {@code QRTZ_} (see that file for why this works on both H2 and MariaDB). Job data is stored as string properties
 * ({@code useProperties=true}): put only strings into a {@code JobDataMap}, never serialized objects.
 */
public final class Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    static final String THREAD_PREFIX = "quartz-worker";
    /**
     * Check-in interval of a clustered scheduler in ms: how often each node tells the cluster it lives and looks for nodes
     * that stopped (Quartz takes a dead node's jobs over about one interval plus 7.5 s after its last check-in). 15 s. The
     * real-stack tests, which kill nodes and wait for the take-over, shorten it with the system property
     * {@code ascc.test.quartz-checkin-ms} (at least 1000); it is no operator setting.
     */
    static final long CLUSTER_CHECKIN_MS = Math.max(1000, Long.getLong("ascc.test.quartz-checkin-ms", 15_000));

    private final org.quartz.Scheduler quartz;
    private final String instanceName;

    private Scheduler(org.quartz.Scheduler quartz, String instanceName) {
        this.quartz = quartz;
        this.instanceName = instanceName;
    }

    /**
     * Builds and starts a scheduler.
     *
     * @param dataSource the engine's pool; Quartz borrows connections from it and never closes it
     * @param instanceName Quartz scheduler name ({@code SCHED_NAME}); all engines of one cluster use the same name
     * @param clustered true when several engines share the database (instance id AUTO, DB row locks, check-ins)
     */
    public static Scheduler start(DataSource dataSource, String instanceName, boolean clustered) {
        return start(dataSource, instanceName, clustered, 3);
    }

    /** As {@link #start(DataSource, String, boolean)} with {@code threads} worker threads. */
    public static Scheduler start(DataSource dataSource, String instanceName, boolean clustered, int threads) {
        Scheduler s = create(dataSource, instanceName, clustered, threads);
        s.start();
        return s;
    }

    /**
     * Builds a scheduler in standby: jobs, triggers and job factories can be registered, nothing fires until
     * {@link #start()}. The engine starts it after every feature registered its jobs, so a fire due at start (a missed
     * fire after downtime, a job to recover) always finds its job's factory and the parts it needs.
     */
    public static Scheduler create(DataSource dataSource, String instanceName, boolean clustered, int threads) {
        Objects.requireNonNull(dataSource, "dataSource");
        if (instanceName == null || instanceName.isBlank()) {
            throw new IllegalArgumentException("scheduler instanceName must not be blank");
        }
        String dsName = "ascc-db-" + instanceName;
        DBConnectionManager.getInstance().addConnectionProvider(dsName, new PoolConnectionProvider(dataSource));
        Properties p = properties(instanceName, dsName, clustered, threads);
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(p);
            org.quartz.Scheduler quartz = factory.getScheduler();
            Scheduler wrapper = new Scheduler(quartz, instanceName);
            quartz.setJobFactory(wrapper.jobFactory);
            LOG.info("scheduler {} created in standby (instance {}, clustered={}, {} threads)", instanceName,
                quartz.getSchedulerInstanceId(), clustered, threads);
            return wrapper;
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start scheduler " + instanceName + " (clustered=" + clustered + "): "
                + e.getMessage(), e);
        }
    }

    /**
     * Starts firing: Quartz first recovers jobs left running by a crash and applies each trigger's misfire instruction
     * to fires missed while no engine ran (they run now, once), then fires as scheduled.
     */
    public void start() {
        try {
            quartz.start();
            LOG.info("scheduler {} started ({} job factories registered: {})", instanceName, jobs.size(),
                jobs.keySet().stream().map(Class::getSimpleName).sorted().toList());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start scheduler " + instanceName + ": " + e.getMessage(), e);
        }
    }

    static Properties properties(String instanceName, String dsName, boolean clustered, int threads) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", instanceName);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", THREAD_PREFIX);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dsName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty("org.quartz.jobStore.isClustered", Boolean.toString(clustered));
        if (clustered) {
            p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(CLUSTER_CHECKIN_MS));
            p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        }
        return p;
    }

    private final java.util.Map<Class<?>, java.util.function.Supplier<? extends org.quartz.Job>> jobs =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Builds jobs from registered factories (plain constructors with the engine's parts), else by no-arg constructor. */
    private final org.quartz.spi.JobFactory jobFactory = (bundle, sched) -> {
        Class<?> type = bundle.getJobDetail().getJobClass();
        java.util.function.Supplier<? extends org.quartz.Job> f = jobs.get(type);
        if (f != null) {
            return f.get();
        }
        try {
            return (org.quartz.Job) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new SchedulerException("job " + type.getName() + " has no registered factory and no no-arg constructor", e);
        }
    };

    /** Registers how to build jobs of {@code type} (so jobs get the engine's parts through their constructor). */
    public <T extends org.quartz.Job> void register(Class<T> type, java.util.function.Supplier<T> factory) {
        jobs.put(type, factory);
    }

    /**
     * Schedules {@code job} with {@code trigger}, keeping a stored trigger of the same key and schedule as it is: its next
     * fire time, and so a fire missed while no engine ran, survive the restart (replacing it would start it afresh from
     * now and drop the missed fire). The job detail is always replaced (its data may have changed). A trigger whose
     * schedule changed is replaced.
     *
     * @return true when the trigger was (re)stored, false when the stored one was kept
     */
    public boolean scheduleKeepingMissedFires(org.quartz.JobDetail job, org.quartz.Trigger trigger) throws SchedulerException {
        org.quartz.Trigger old = quartz.getTrigger(trigger.getKey());
        if (old != null && old.getJobKey().equals(job.getKey()) && sameSchedule(old, trigger)
                && quartz.getTriggerState(old.getKey()) != org.quartz.Trigger.TriggerState.ERROR) {
            quartz.addJob(job, true, true);
            LOG.info("trigger {} kept (next fire {})", old.getKey(), old.getNextFireTime());
            return false;
        }
        quartz.scheduleJob(job, java.util.Set.of(trigger), true);
        return true;
    }

    /** Same cron expression, time zone and misfire instruction (or same simple interval): the same schedule. */
    static boolean sameSchedule(org.quartz.Trigger a, org.quartz.Trigger b) {
        if (a.getMisfireInstruction() != b.getMisfireInstruction()) {
            return false;
        }
        if (a instanceof org.quartz.CronTrigger ca && b instanceof org.quartz.CronTrigger cb) {
            return ca.getCronExpression().equals(cb.getCronExpression()) && ca.getTimeZone().getID().equals(cb.getTimeZone().getID());
        }
        if (a instanceof org.quartz.SimpleTrigger sa && b instanceof org.quartz.SimpleTrigger sb) {
            return sa.getRepeatInterval() == sb.getRepeatInterval() && sa.getRepeatCount() == sb.getRepeatCount();
        }
        return false;
    }

    /** The Quartz scheduler, to schedule and unschedule jobs. */
    public org.quartz.Scheduler quartz() {
        return quartz;
    }

    public String instanceName() {
        return instanceName;
    }

    /** Stops the scheduler; with {@code waitForJobs} it waits for running jobs to finish. */
    public void shutdown(boolean waitForJobs) {
        try {
            quartz.shutdown(waitForJobs);
            LOG.info("scheduler {} stopped", instanceName);
        } catch (SchedulerException e) {
            LOG.error("scheduler {} did not shut down cleanly (waitForJobs={})", instanceName, waitForJobs, e);
        }
    }

    /** Lends Quartz connections from our pool; the pool belongs to the engine, so shutdown leaves it open. */
    static final class PoolConnectionProvider implements ConnectionProvider {
        private final DataSource dataSource;

        PoolConnectionProvider(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the engine closes the pool
        }

        @Override
        public void initialize() {
            // the pool is open already
        }
    }
}
