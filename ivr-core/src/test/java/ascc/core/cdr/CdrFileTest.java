package ascc.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.cdr.CdrLeg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdrFileTest {
    /** Two lines as the rendered cdr_custom.conf writes them: the caller leg (answered by agent 2101) and the agent's leg. */
    static final String CALLER = "\"1795312381.0\",\"1795312381.0\",\"PJSIP/customer-trunk-00000000\",\"PJSIP/2101-00000001\","
            + "\"01055500301\",\"0700000001\",\"ANSWERED\",\"1795312381\",\"1795312383\",\"1795312389\",\"6\"\n";
    static final String AGENT = "\"1795312381.0\",\"1795312381.1\",\"PJSIP/2101-00000001\",\"\",\"\",\"s\",\"ANSWERED\","
            + "\"1795312382\",\"1795312383\",\"1795312389\",\"6\"\n";
    static final String UNANSWERED = "\"1795312400.4\",\"1795312400.4\",\"PJSIP/customer-trunk-00000004\",\"\",\"01055500302\","
            + "\"0700000001\",\"NO ANSWER\",\"1795312400\",\"0\",\"1795312410\",\"0\"\n";

    /** A sink that keeps the legs; {@code accepting} and {@code flushing} switch it off. */
    static final class Sink implements CdrFile.Sink {
        final List<CdrLeg> legs = new ArrayList<>();
        int flushes;
        boolean accepting = true;
        boolean flushing = true;

        @Override
        public boolean accept(CdrLeg leg) {
            if (accepting) {
                legs.add(leg);
            }
            return accepting;
        }

        @Override
        public boolean flush() {
            flushes++;
            return flushing;
        }
    }

    @TempDir
    Path dir;

    private final Sink sink = new Sink();

    private CdrFile reader() {
        return new CdrFile(dir.resolve("ascc-cdr.csv"), dir.resolve("spool/asterisk-cdr-file.progress"), ZoneOffset.UTC, sink);
    }

    private void append(String text) throws IOException {
        Files.writeString(dir.resolve("ascc-cdr.csv"), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void readsALineIntoTheSameLegAsTheAmiEvent() {
        CdrLeg fromFile = CdrFile.parse(CALLER.strip(), ZoneOffset.UTC).orElseThrow();
        CdrLeg fromAmi = CdrEvents.parse(CdrEventsTest.cdr("1795312381.0", "1795312381.0", "PJSIP/2101-00000001", "ANSWERED",
                "2026-11-22 01:53:01", "2026-11-22 01:53:03", "2026-11-22 01:53:09", 6), ZoneOffset.UTC).orElseThrow();
        assertEquals(fromAmi, fromFile);
        assertTrue(fromFile.answeredByAgent());
        CdrLeg unanswered = CdrFile.parse(UNANSWERED.strip(), ZoneOffset.UTC).orElseThrow();
        assertNull(unanswered.answer(), "answer 0: never answered");
        assertFalse(unanswered.answeredByAgent());
        assertEquals(Instant.ofEpochSecond(1795312410L), unanswered.end());
    }

    @Test
    void readsQuotedCommasAndDoubledQuotesAndLocalTimesInAsterisksZone() {
        assertEquals(List.of("a,b", "say \"hi\"", ""), CdrFile.fields("\"a,b\",\"say \"\"hi\"\"\",\"\""));
        CdrLeg leg = CdrFile.parse("\"x1\",\"x1\",\"PJSIP/a\",\"\",\"\",\"\",\"NO ANSWER\",\"2026-11-22 10:53:01\",\"\","
                + "\"2026-11-22 10:53:08\",\"0\"", ZoneId.of("Asia/Seoul")).orElseThrow();
        assertEquals(Instant.parse("2026-11-22T01:53:01Z"), leg.start(), "no epoch in the linkedid: the start column, in Asterisk's zone");
        assertEquals(Instant.parse("2026-11-22T01:53:08Z"), leg.end());
    }

    @Test
    void rejectsALineWithoutTheColumnsOrWithAnUnreadableValueSayingWhich() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CdrFile.parse("\"a\",\"b\"", ZoneOffset.UTC)).getMessage()
                .startsWith("2 columns, expected 11"));
        String badTime = CALLER.strip().replace("\"1795312383\"", "\"soon\"");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CdrFile.parse(badTime, ZoneOffset.UTC)).getMessage()
                .contains("answer 'soon'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CdrFile.parse("\"a\",\"b", ZoneOffset.UTC)).getMessage()
                .contains("unterminated quote"));
        assertTrue(CdrFile.parse("  ", ZoneOffset.UTC).isEmpty());
    }

    @Test
    void anAbsentFileIsNothingToDo() throws Exception {
        assertEquals(new CdrFile.Pass(0, 0, 0, 0, false), reader().backfill());
        assertTrue(sink.legs.isEmpty());
        assertFalse(Files.exists(dir.resolve("spool/asterisk-cdr-file.progress")));
    }

    @Test
    void readsOnlyNewCompleteLinesAndRemembersTheOffsetAcrossRestarts() throws Exception {
        append(CALLER + AGENT + UNANSWERED.substring(0, 20));
        CdrFile.Pass first = reader().backfill();
        assertEquals(2, first.legs());
        long complete = (CALLER + AGENT).getBytes(StandardCharsets.UTF_8).length;
        assertEquals(complete, first.to(), "the half-written line stays for next time");

        CdrFile.Pass again = reader().backfill(); // a restart: a new reader, the progress from the state file
        assertEquals(new CdrFile.Pass(complete, complete, 0, 0, false), again);

        append(UNANSWERED.substring(20));
        CdrFile.Pass third = reader().backfill();
        assertEquals(1, third.legs());
        assertEquals(complete, third.from());
        assertEquals(List.of("1795312381.0", "1795312381.1", "1795312400.4"), sink.legs.stream().map(CdrLeg::uniqueId).toList());
    }

    @Test
    void aTruncatedOrReplacedFileIsReadFromTheStart() throws Exception {
        append(CALLER + AGENT);
        reader().backfill();
        Files.writeString(dir.resolve("ascc-cdr.csv"), UNANSWERED, StandardCharsets.UTF_8); // rotated: shorter than the offset
        CdrFile.Pass p = reader().backfill();
        assertTrue(p.restarted());
        assertEquals(0, p.from());
        assertEquals(1, p.legs());

        Path moved = dir.resolve("ascc-cdr.csv.1");
        Files.move(dir.resolve("ascc-cdr.csv"), moved);
        append(CALLER + AGENT + UNANSWERED); // a new file, longer than the old offset: another identity
        CdrFile.Pass q = reader().backfill();
        assertTrue(q.restarted(), "a new file, though longer than the offset: " + q);
        assertEquals(3, q.legs());
    }

    @Test
    void aBadLineIsSkippedAndTheRestIsRead() throws Exception {
        append(CALLER + "garbage without columns\n" + AGENT);
        CdrFile.Pass p = reader().backfill();
        assertEquals(2, p.legs());
        assertEquals(1, p.badLines());
        assertEquals(Files.size(dir.resolve("ascc-cdr.csv")), p.to(), "the bad line is not read again");
    }

    @Test
    void progressIsSavedOnlyAfterTheLegsAreMerged() throws Exception {
        append(CALLER + AGENT);
        sink.flushing = false; // the database is away and the spool did not take them in time
        CdrFile.Pass p = reader().backfill();
        assertEquals(0, p.to());
        sink.flushing = true;
        CdrFile.Pass replay = reader().backfill();
        assertEquals(2, replay.legs(), "read again: merging is idempotent, so a replay is safe");
        assertEquals(4, sink.legs.size());
    }

    @Test
    void aLegTheWriterRefusesIsReadAgainNextTime() throws Exception {
        append(CALLER + AGENT);
        sink.accepting = false;
        CdrFile.Pass p = reader().backfill();
        assertEquals(0, p.legs());
        assertEquals(0, p.to());
        sink.accepting = true;
        assertEquals(2, reader().backfill().legs());
    }

    @Test
    void anUnreadableProgressFileMeansReadingFromTheStart() throws Exception {
        append(CALLER);
        Files.createDirectories(dir.resolve("spool"));
        Files.writeString(dir.resolve("spool/asterisk-cdr-file.progress"), "not a number");
        assertEquals(1, reader().backfill().legs());
    }
}
