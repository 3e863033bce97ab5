package ascc.core.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.metrics.Metrics;
import ascc.core.sched.Scheduler;
import ascc.routing.callbacks.AfterHoursCallbackStatus;
import ascc.testsupport.time.Await;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;

/**
 * A callback booking is journaled before {@link CallbackService#book} returns (the flow plays "booked" only then): booked
 * while the database is away and the engine stopped before it came back, it is stored and its due job scheduled by the next
 * start, once.
 */
class CallbackBookingJournalTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant NOW = Instant.parse("2026-03-02T13:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private Scheduler scheduler;
    private final OutageDataSource callbacksDb = new OutageDataSource();

    /** The database as the callback store sees it: away while {@code away} is set (Quartz keeps its own connection). */
    private final class OutageDataSource implements DataSource {
        final AtomicBoolean away = new AtomicBoolean();

        @Override
        public Connection getConnection() throws SQLException {
            if (away.get()) {
                throw new SQLTransientConnectionException("Connection refused (test outage)", "08S01");
            }
            return db.dataSource().getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // not used
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // not used
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    @BeforeEach
    void open() {
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 4));
        scheduler = Scheduler.start(db.dataSource(), "ascc-callback-journal-test", false);
    }

    @AfterEach
    void close() {
        scheduler.shutdown(false);
        db.close();
    }

    private CallbackService service() {
        return new CallbackService(new CallbackStore(callbacksDb), scheduler, Clock.fixed(NOW, ZoneOffset.UTC), dir.resolve("spool"),
                new Metrics());
    }

    @Test
    void bookedCallbackSurvivesADatabaseOutageAndARestart() throws Exception {
        CallbackRequest r = new CallbackRequest("1793458800.7", "alpha", "desk-appliance", "desk-appliance",
                "0101234567890123456789012345678901234567", NOW, NOW.plus(Duration.ofHours(19)), AfterHoursCallbackStatus.PENDING);
        callbacksDb.away.set(true);
        CallbackService first = service();
        assertTrue(first.book(r), "journaled: the flow may say booked");
        assertEquals(1, journalLines(), "on disk before book returned");
        first.close(); // the engine stops while the database is still away
        assertTrue(new CallbackStore(db.dataSource()).find(r.linkedId()).isEmpty());

        callbacksDb.away.set(false);
        CallbackService second = service(); // the next start replays the journal
        try {
            Await.until(() -> second.pending() == 0 && journalLines() == 0, WAIT, () -> "journal replayed and emptied");
            assertEquals(r.number(), new CallbackStore(db.dataSource()).find(r.linkedId()).orElseThrow().number(), "whole number");
            assertTrue(scheduler.quartz().checkExists(JobKey.jobKey("callback-" + r.linkedId(), CallbackService.GROUP)),
                    "its due job is scheduled");
        } finally {
            second.close();
        }
    }

    @Test
    void bookingTheSameCallTwiceStoresItOnce() throws Exception {
        CallbackRequest r = new CallbackRequest("1793458800.8", "alpha", "desk-appliance", "desk-appliance", "01055501234", NOW,
                NOW.plus(Duration.ofHours(19)), AfterHoursCallbackStatus.PENDING);
        CallbackService s = service();
        try {
            assertTrue(s.request(r).get());
            assertEquals(false, s.request(r).get());
        } finally {
            s.close();
        }
    }

    private long journalLines() {
        Path spool = dir.resolve("spool").resolve(CallbackService.SPOOL_SUBDIR);
        try (Stream<Path> files = Files.list(spool)) {
            long n = 0;
            for (Path p : files.toList()) {
                n += Files.readAllLines(p).size();
            }
            return n;
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
