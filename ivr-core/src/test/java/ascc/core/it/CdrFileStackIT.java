package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.core.billing.BillingMonth;
import ascc.core.billing.Metering;
import ascc.core.cdr.AsteriskCallStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.billing.Usage;
import ascc.routing.config.Secret;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.SippResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls made while no engine runs are counted from the CDR file Asterisk writes (rendered cdr_custom.conf). An engine with
 * {@code asterisk.cdr-file} starts once (reads the file's history, remembers the offset) and stops. With no engine at all,
 * a SIPp customer dials company alpha's own number: Asterisk's AGI connect is refused, the dialplan sends the caller to the
 * fallback queue, agent 2101 answers; nobody receives the AMI Cdr event. The CDR is in the file only. The engine starts
 * again: the call is in {@code asterisk_call} exactly once, answered, for alpha, and on alpha's usage. A third start (and a
 * direct re-read) changes nothing.
 */
class CdrFileStackIT {
    static final Path CDR_FILE = RealStack.ASTERISK_ROOT.resolve("var/log/asterisk/cdr-custom").resolve(
            AsteriskConfigRenderer.CDR_FILE);
    private static final String ALPHA_NUMBER = "0700000001";
    private static final String CALLER = "01055500311";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void aCallWhileNoEngineRunsIsCountedOnceFromAsterisksCdrFileAtTheNextStart() throws Exception {
        Map<String, String> env = Map.of("ASCC_ASTERISK_CDR_FILE", CDR_FILE.toString());
        ZoneId zone = RealStack.config().engine().timeZone();
        Instant since = Instant.now().minusSeconds(1);
        YearMonth month = BillingMonth.of(since, zone);
        try (Database db = Database.openWithoutMigrations(DbSettings.mariaDb(RealStack.DB_URL, "ascc", Secret.of("ascc"), 2));
             TestPhone expert = RealStack.phone("2101")) {
            expert.setAutoAnswer(Duration.ofMillis(300));
            Usage before;
            long offsetBefore;
            // each engine runs for its block only: the test watches its effects from outside
            Engine first = RealStack.startEngine(env);
            try (first) {
                // the first start reads the file's history (if any) and remembers where it ended
                awaitReadToEnd();
                before = alphaUsage(db, month, zone);
                offsetBefore = progress();
            }

            // no engine: the caller goes to the fallback queue, only Asterisk sees the call
            FoundationIT.awaitMemberAvailable("ascc-fallback", "2101");
            SippResult r = FoundationIT.customerCall(ALPHA_NUMBER, CALLER, "", Duration.ofSeconds(4), 5143);
            assertTrue(r.allSucceeded(), () -> "SIPp customer call (no engine) failed: " + r.describe());
            FoundationIT.awaitTrue("the call's CDR in " + CDR_FILE,
                    () -> newLines(offsetBefore).stream().anyMatch(l -> l.contains(CALLER)));
            String callerLine = newLines(offsetBefore).stream().filter(l -> l.contains(CALLER)).findFirst().orElseThrow();
            String linkedId = callerLine.substring(1, callerLine.indexOf('"', 1));
            System.out.println("CDR file line of the call: " + callerLine.replace(CALLER, "010******11"));
            assertEquals(0, rows(linkedId), "nobody was connected to AMI: not in asterisk_call yet");

            AsteriskCallStore store = new AsteriskCallStore(db.dataSource());
            AsteriskCallStore.AsteriskCall row;
            Usage after;
            Engine second = RealStack.startEngine(env);
            try (second) {
                FoundationIT.awaitTrue("the call in asterisk_call after the start", () -> rows(linkedId) == 1);
                awaitReadToEnd();
                row = store.find(linkedId).orElseThrow();
                assertEquals("alpha", row.companyId(), row.toString());
                assertEquals(ALPHA_NUMBER, row.dialedNumber());
                assertTrue(row.answered(), "agent 2101 answered in the fallback queue: " + row);
                assertTrue(row.talkMs() >= 1_000, "talk time from billsec: " + row);
                after = alphaUsage(db, month, zone);
                assertEquals(before.offered() + 1, after.offered(), "offered: " + before + " -> " + after);
                assertEquals(before.answered() + 1, after.answered(), "answered: " + before + " -> " + after);
                assertEquals(Files.size(CDR_FILE), progress(), "read to the end already");
            }

            assertEquals(Files.size(CDR_FILE), progress(), "a restart reads nothing old: the progress is at the end");
            Engine third = RealStack.startEngine(env);
            try (third) {
                awaitReadToEnd();
                assertEquals(1, rows(linkedId));
                assertEquals(row, store.find(linkedId).orElseThrow(), "starting again changed nothing");
                assertEquals(after, alphaUsage(db, month, zone), "starting again changed no count");
            }
        }
    }

    /**
     * The AMI link goes silent while a caller dials alpha and hangs up in the IVR: the Cdr event is lost on the cut link, the
     * CDR is in the file. After the reconnect (the resync), the engine reads the file: the call is in asterisk_call once.
     */
    @Test
    void aCdrLostDuringAnAmiCutIsReadFromTheFileAfterTheReconnect() throws Exception {
        String caller = "01055500312";
        try (TcpProxy proxy = TcpProxy.start(RealStack.ASTERISK_AMI_PORT);
             Engine engine = RealStack.startEngine(Map.of("ASCC_ASTERISK_CDR_FILE", CDR_FILE.toString(),
                     "ASCC_AMI_PORT", Integer.toString(proxy.port())))) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            awaitReadToEnd();
            long offset = progress();
            proxy.blackhole();
            FoundationIT.awaitTrue("the engine noticed the AMI cut", () -> view.amiDown());
            SippResult r = FoundationIT.customerCall(ALPHA_NUMBER, caller, "", Duration.ofSeconds(2), 5144);
            assertTrue(r.allSucceeded(), () -> "SIPp customer call (AMI cut) failed: " + r.describe());
            FoundationIT.awaitTrue("the call's CDR in " + CDR_FILE, () -> newLines(offset).stream().anyMatch(l -> l.contains(caller)));
            String line = newLines(offset).stream().filter(l -> l.contains(caller)).findFirst().orElseThrow();
            String linkedId = line.substring(1, line.indexOf('"', 1));
            assertEquals(0, rows(linkedId), "the Cdr event was lost on the cut link");

            proxy.restore();
            view.awaitAmiConnected();
            FoundationIT.awaitTrue("the call in asterisk_call after the reconnect", () -> rows(linkedId) == 1);
            awaitReadToEnd();
            try (Connection c = RealStack.db();
                 PreparedStatement ps = c.prepareStatement("SELECT company_id, answered FROM asterisk_call WHERE linked_id = ?")) {
                ps.setString(1, linkedId);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("alpha", rs.getString(1), "the company of the dialed number");
                    assertEquals(0, rs.getInt(2), "the caller hung up in the IVR: not answered by an agent");
                }
            }
        }
    }

    /** Complete lines of the CDR file after byte {@code offset} (the file may have been rotated: then all of it). */
    private static List<String> newLines(long offset) {
        try {
            byte[] all = Files.readAllBytes(CDR_FILE);
            int from = offset <= all.length ? (int) offset : 0;
            String text = new String(all, from, all.length - from, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            for (String l : text.split("\n")) {
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
            return out;
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static long rows(String linkedId) {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM asterisk_call WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    private static Usage alphaUsage(Database db, YearMonth month, ZoneId zone) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return Metering.usage(c, BillingMonth.start(month, zone), BillingMonth.end(month, zone), Optional.of(Set.of("alpha")))
                    .getOrDefault("alpha", Usage.ZERO);
        }
    }

    /** The engine's CDR file progress (its state file in the spool directory): the byte offset read and merged (0 before any). */
    static long progress() throws Exception {
        Path state = Path.of(RealStack.config().engine().spoolDir()).resolve("asterisk-cdr-file.progress");
        if (!Files.isRegularFile(state)) {
            return 0;
        }
        return Long.parseLong(Files.readString(state).strip().split(" ")[0]);
    }

    /** Waits until the engine read and merged the CDR file to its end (its progress is saved only after merging). */
    static void awaitReadToEnd() throws Exception {
        FoundationIT.awaitTrue("the engine read " + CDR_FILE + " to its end", () -> {
            try {
                return !Files.exists(CDR_FILE) || progress() == Files.size(CDR_FILE);
            } catch (Exception e) {
                return false;
            }
        });
    }
}
