package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ivr route}: dry runs of the inbound menus against the shipped {@code conf/}. */
class MainRouteTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    /** 2026-11-23 (Monday) 10:15 in Seoul. */
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T01:15:00Z"), ZoneOffset.UTC);

    private int route(String... args) {
        List<String> argv = new ArrayList<>(List.of("route"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--conf", "../conf"));
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), clock).execute(argv);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void sharedNumberWithCodeCategoryAndInquiryPrintsTheDecisionAndRule() {
        int code = route("--number", "15880000", "--digits", "101,2,1", "--at", "2026-11-23T10:15", "--caller", "01012345678");

        assertEquals(0, code, err());
        String o = out();
        assertTrue(o.startsWith("ivr route: number 15880000 from 010******78 at 2026-11-23T10:15 Asia/Seoul (mon)"), o);
        assertTrue(o.contains("  ask beep (max 6) -> \"101\"\n  play beep\n  ask digits/1&digits/2 (max 1) -> \"2\"\n"), o);
        assertTrue(o.contains("  action:   queue (queue)\n"
                + "  company:  hanbit (Hanbit Electric (humidifiers))\n"
                + "  category: kitchen-appliances\n"
                + "  inquiry:  fault\n"
                + "  desk:     appliance\n"
                + "  queue:    desk-appliance\n"
                + "  closed:   -\n"), o);
        assertTrue(o.contains("rule: number 15880000 is shared; code 101 -> company hanbit; category menu 2;"
                + " category kitchen-appliances -> desk appliance; open (mon 08:00-20:00); inquiry fault (menu 1)\n"), o);
        assertTrue(o.contains("__CC_CALLER_MASKED=010******78"), o);
        assertTrue(!o.contains("01012345678"), "caller number is masked: " + o);
    }

    @Test
    void companyNumberWithThreeCategoriesUsesTheMenuDigits() {
        assertEquals(0, route("--number", "0215880003", "--digits", "3,2"), err());

        assertTrue(out().contains("  category: lighting\n"), out());
        assertTrue(out().contains("  inquiry:  howto\n"), out());
        assertTrue(out().contains("  queue:    desk-appliance\n"), out());
    }

    @Test
    void noDigitsOnTheSharedNumberGoesToTheGeneralDesk() {
        assertEquals(0, route("--number", "15880000"), err());

        assertTrue(out().contains("  company:  -\n"), out());
        assertTrue(out().contains("  desk:     general\n"), out());
        assertTrue(out().contains("rule: number 15880000 is shared; no company code keyed in -> general desk general;"), out());
    }

    @Test
    void sundayIsClosedWithTheReasonAndSoriTakesVoicemail() {
        assertEquals(0, route("--number", "0215880002", "--digits", "1", "--at", "2026-11-22T10:00"), err());

        assertTrue(out().contains("  action:   voicemail (closed)\n"), out());
        assertTrue(out().contains("CC_MAILBOX=102@ascc"), out());
        assertTrue(out().contains("  closed:   outside opening hours"), out());
        assertTrue(out().contains("CC_PROMPT=ss-noservice"), out());
    }

    @Test
    void unusedDigitGroupsAreMentioned() {
        // sori-audio: category menu and inquiry menu take two answers
        assertEquals(0, route("--number", "0215880002", "--digits", "1,1,1,1"), err());

        assertTrue(out().contains("(2 --digits group(s) not asked for)"), out());
    }

    @Test
    void badAtIsAUsageErrorNamingTheOptionAndAnExample() {
        assertEquals(2, route("--number", "15880000", "--at", "23/11/2026 10:15"));

        assertTrue(err().startsWith("ivr: option --at takes local time in the center's time zone, e.g. --at 2026-11-23T10:15;"
                + " got '23/11/2026 10:15'"), err());
        assertEquals("", out());
    }

    @Test
    void nonDigitNumberIsAUsageError() {
        assertEquals(2, route("--number", "15880000x"));

        assertTrue(err().startsWith("ivr: option --number takes 1 to 20 digits, e.g. --number 15880000; got '15880000x'"), err());
    }

    @Test
    void missingNumberIsAUsageError() {
        assertEquals(2, route("--digits", "1"));

        assertTrue(err().startsWith("ivr: 'ivr route' needs --number N"), err());
    }

    @Test
    void nonDtmfDigitsAreAUsageError() {
        assertEquals(2, route("--number", "15880000", "--digits", "1,a"));

        assertTrue(err().startsWith("ivr: option --digits takes comma-separated DTMF groups"), err());
    }

    @Test
    void missingConfigDirectoryFailsWithExitOne() {
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), clock).execute(List.of("route", "--number", "15880000", "--conf", "no-such-dir"));

        assertEquals(1, code);
        assertTrue(err().contains("config directory does not exist"), err());
    }
}
