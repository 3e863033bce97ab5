package ascc.core.portal;

import static ascc.core.portal.PortalFixture.A;
import static ascc.core.portal.PortalFixture.A_CALL;
import static ascc.core.portal.PortalFixture.B;
import static ascc.core.portal.PortalFixture.B_CALL;
import static ascc.core.portal.PortalFixture.DAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@link PortalData} query with company A's scope: A's rows only, never B's, also when asked for B's ids. */
class PortalDataIsolationTest {
    @TempDir
    Path dir;
    private Database db;
    private PortalData data;
    private final CompanyScope a = new CompanyScope(A);

    @BeforeEach
    void seed() throws Exception {
        db = Database.open(DbSettings.embedded(dir.resolve("db/ascc").toString(), 4));
        Path recordings = Files.createDirectories(dir.resolve("recordings"));
        PortalFixture.seed(db.dataSource(), recordings);
        data = new PortalData(db.dataSource(), () -> PortalFixture.SEOUL, () -> 20, () -> recordings);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void trafficCountsOnlyTheCompanysCallsWithTheReportsDefinitions() throws Exception {
        List<PortalData.Period> days = data.days(a, DAY.minusDays(1), DAY);
        assertEquals(2, days.size());
        assertEquals(0, days.get(0).stats().offered());
        assertEquals(2, days.get(1).stats().offered(), "A has 2 calls; B's 3 are not counted");
        assertEquals(1, days.get(1).stats().answered());
        assertEquals(1, days.get(1).stats().abandonedQueue());
        assertEquals("50.0", days.get(1).stats().serviceLevelPercent().toPlainString(), "1 within 20 s / (1 + 1 abandoned after)");
        assertEquals("50.0", days.get(1).stats().abandonRatePercent().toPlainString());
        assertEquals("5.0", days.get(1).stats().asaSeconds().toPlainString());
        List<PortalData.Period> hours = data.hours(a, DAY);
        assertEquals(1, hours.size());
        assertEquals(10, hours.get(0).hour());
        assertEquals(2, hours.get(0).stats().offered());
    }

    @Test
    void callsAndRecordingsListOnlyTheCompanysCallsWithMaskedNumbers() throws Exception {
        List<PortalData.CallRow> calls = data.calls(a, DAY);
        assertEquals(List.of(A_CALL, "a-2"), calls.stream().map(PortalData.CallRow::linkedId).sorted().toList().reversed()
                .stream().sorted().toList());
        assertTrue(calls.stream().noneMatch(c -> c.maskedNumber().contains("11110000")), calls.toString());
        assertEquals(List.of(A_CALL), data.recordings(a, DAY, DAY).stream().map(PortalData.CallRow::linkedId).toList());
    }

    @Test
    void recordingOfAnotherCompanysCallIsNotFoundEvenByItsExactId() throws Exception {
        assertTrue(data.recordingFile(a, A_CALL).isPresent());
        assertTrue(Files.readString(data.recordingFile(a, A_CALL).orElseThrow()).contains(A));
        assertTrue(data.recordingFile(a, B_CALL).isEmpty(), "B's call id with A's session");
        assertTrue(data.recordingFile(new CompanyScope(B), B_CALL).isPresent(), "B itself finds it");
        for (String crafted : List.of("../sori/" + B_CALL, "..", "%2e%2e", B_CALL + "/../x", "", "a-2")) {
            assertTrue(data.recordingFile(a, crafted).isEmpty(), crafted);
        }
    }

    @Test
    void statementsAreOnlyTheCompanysEvenForAMonthOnlyAnotherCompanyHas() throws Exception {
        assertEquals(List.of(YearMonth.of(2026, 10)), data.statementMonths(a));
        assertEquals(1_111_111L, data.statement(a, YearMonth.of(2026, 10)).orElseThrow().totalDue());
        assertTrue(data.statement(a, YearMonth.of(2026, 9)).isEmpty(), "B's month");
    }

    @Test
    void happyCallScoresFollowUpsAndSurveysAreOnlyTheCompanys() throws Exception {
        List<PortalData.ScoreSummary> scores = data.happyCallScores(a);
        assertEquals(1, scores.size());
        assertEquals(A + "-question", scores.get(0).questionId());
        assertEquals(Map.of(5, 1), scores.get(0).byScore());
        assertEquals(5.0, scores.get(0).average());
        List<PortalData.FollowUpRow> follow = data.openFollowUps(a);
        assertEquals(List.of(101L), follow.stream().map(PortalData.FollowUpRow::id).toList());
        assertFalse(follow.get(0).maskedNumber().contains("11110000"));
        List<PortalData.SurveyQuestion> surveys = data.surveyResults(a);
        assertEquals(List.of("a-survey/" + A + "-durability"), surveys.stream().map(q -> q.campaignId() + "/" + q.questionId()).toList());
        assertEquals(Map.of(4, 1), surveys.get(0).byAnswer());
    }
}
