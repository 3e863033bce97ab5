package ascc.core.wallboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.report.ReportStore;
import ascc.core.tracking.TrackedCall;
import ascc.routing.report.DeskDayTotals;
import ascc.testsupport.time.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TodayCallsTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final Instant NOW = Instant.parse("2026-11-23T03:00:00Z"); // 12:00 in Seoul

    @TempDir
    Path dir;

    @Test
    void callsEndedAreAddedToTheFiguresAndAChangedTargetCountsThemAgain() throws Exception {
        ManualClock clock = new ManualClock(NOW);
        try (Database db = Database.open(DbSettings.embedded(dir.resolve("today").toString(), 2))) {
            TodayCalls today = new TodayCalls(new ReportStore(db.dataSource()), clock, () -> SEOUL);
            assertEquals(0, today.totals(20).desk("appliance").offered(), "the day read from the (empty) table");

            today.ended(answered("1.1", 5)); // waited 5 s
            DeskDayTotals before = today.totals(20);
            today.ended(answered("1.2", 30)); // waited 30 s
            DeskDayTotals after = today.totals(20);

            assertEquals(1, before.desk("appliance").offered(), "a copy: later calls do not change it");
            assertEquals(2, after.desk("appliance").offered());
            assertEquals(1, after.desk("appliance").answeredWithinTarget());
            assertEquals(2, after.companies("appliance").get("alpha").answered());
            assertEquals(0, today.totals(3).desk("appliance").answeredWithinTarget(), "the target of 3 s counts them again");
            assertEquals(2, today.totals(60).desk("appliance").answeredWithinTarget());

            clock.set(NOW.plusSeconds(86_400)); // the next day starts from the table, where the writer put nothing here
            assertEquals(0, today.totals(60).desk("appliance").offered());
        }
    }

    private static TrackedCall answered(String id, int waitSeconds) {
        Instant queued = NOW.minusSeconds(100);
        return new TrackedCall(id, id, "0700000001", "01055501111", "alpha", "home-appliances", "repair", "appliance",
                "desk-appliance", "2101", queued.minusSeconds(5), queued, queued.plusSeconds(waitSeconds), NOW, null, "r");
    }
}
