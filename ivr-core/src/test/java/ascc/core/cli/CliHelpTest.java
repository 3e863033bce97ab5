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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

/**
 * Every command and subcommand of {@code ivr}, found by walking picocli's command tree (a new command is in it without
 * being listed here), answers {@code --help} with exit 0 and its usage on standard output; usage errors exit 2 naming what
 * is allowed.
 */
class CliHelpTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Main main() {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), Clock.fixed(Instant.parse("2026-11-23T01:15:00Z"), ZoneOffset.UTC));
    }

    private int ivr(String... args) {
        out.reset();
        err.reset();
        return main().execute(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> everyCommandAnswersHelpWithItsUsage() {
        List<CommandLine> commands = Main.tree(main().commandLine());
        assertTrue(commands.size() > 20, "the tree has every command and subcommand: " + commands.size());
        return commands.stream().map(c -> {
            String name = c.getCommandSpec().qualifiedName();
            return DynamicTest.dynamicTest(name + " --help", () -> {
                List<String> argv = new ArrayList<>(Arrays.asList(name.split(" ")).subList(1, name.split(" ").length));
                argv.add("--help");
                assertEquals(0, ivr(argv.toArray(String[]::new)), err());
                assertEquals("", err());
                assertTrue(out().contains("Usage: " + name + " "), out());
                var usage = c.getCommandSpec().usageMessage();
                String[] text = usage.description().length > 0 ? usage.description() : usage.header();
                assertTrue(text.length > 0 && !text[0].isBlank(), name + " says what it does");
                assertTrue(oneLine(out()).contains(oneLine(text[0].replace("%n", "\n").replace("%%", "%"))), out());
            });
        });
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        for (String[] help : new String[][] {{"--help"}, {"-h"}, {"help"}}) {
            assertEquals(0, ivr(help), err());
            for (String command : List.of("check-config", "asterisk-config", "run", "call-help", "route", "reload", "prompts",
                    "billing", "campaign", "report", "followup", "token", "help")) {
                assertTrue(out().contains("\n  " + command + " "), command + " in\n" + out());
            }
        }
    }

    @Test
    void helpOfASubcommandShowsItsOptions() {
        assertEquals(0, ivr("billing", "close", "--help"));
        assertTrue(out().contains("--month=YYYY-MM"), out());
        assertTrue(out().contains("--ledger=NAME"), out());
        assertTrue(out().contains("--conf=DIR"), out());
        assertEquals(0, ivr("campaign", "import", "-h"));
        assertTrue(out().contains("--file=F.csv"), out());
        assertEquals(0, ivr("help", "report"));
        assertTrue(out().contains("--sl-seconds=N"), out());
        assertTrue(out().contains("abandon%        ab.queue / (answered + ab.queue)"), out());
    }

    @Test
    void noCommandIsAUsageErrorListingTheCommands() {
        assertEquals(2, ivr());
        assertTrue(err().startsWith("ivr: 'ivr' needs a command: check-config, asterisk-config, run,"), err());
        assertTrue(err().contains("Usage: ivr"), err());
    }

    @Test
    void unknownCommandNamesEveryAllowedCommand() {
        assertEquals(2, ivr("frobnicate"));
        assertTrue(err().startsWith("ivr: unknown command 'frobnicate' (allowed: check-config, asterisk-config, run, call-help,"
                + " route, reload, prompts, billing, campaign, report, simulate, followup, token, web, deadletter, cases, help)"), err());
    }

    @Test
    void unknownSubcommandAndMissingSubcommandNameTheAllowedOnes() {
        assertEquals(2, ivr("campaign", "stop"));
        assertTrue(err().startsWith("ivr: unknown campaign subcommand 'stop' (allowed: import, pause, resume, start, status)"), err());
        assertEquals(2, ivr("followup"));
        assertTrue(err().startsWith("ivr: 'ivr followup' needs a subcommand: list, solve"), err());
        assertEquals(2, ivr("prompts", "fix"));
        assertTrue(err().startsWith("ivr: unknown prompts subcommand 'fix' (allowed: check)"), err());
    }

    @Test
    void unknownOptionNamesTheAllowedOptions() {
        assertEquals(2, ivr("billing", "close", "--month", "2026-10", "--force"));
        assertTrue(err().startsWith("ivr: unknown option --force for 'ivr billing close' (allowed: --month YYYY-MM, --conf DIR,"
                + " --ledger NAME, --help)"), err());
        assertEquals(2, ivr("billing", "close", "--mnth", "2026-10"));
        assertTrue(err().startsWith("ivr: unknown option --mnth for 'ivr billing close'"), err());
        assertEquals(2, ivr("run", "--port", "1"));
        assertTrue(err().startsWith("ivr: unknown option --port for 'ivr run' (allowed: --conf DIR, --help)"), err());
    }

    @Test
    void missingOptionValueAndExtraArgumentsAreUsageErrors() {
        assertEquals(2, ivr("report", "--day"));
        assertTrue(err().contains("--day"), err());
        assertEquals(2, ivr("check-config", "a", "b"));
        assertTrue(err().startsWith("ivr: 'ivr check-config' takes at most 1 argument(s); got [b]"), err());
        assertEquals(2, ivr("call-help", "conf"));
        assertTrue(err().startsWith("ivr: 'ivr call-help' takes no arguments; got [conf]"), err());
    }

    @Test
    void asteriskConfigNeedsOutOrPrint() {
        assertEquals(2, ivr("asterisk-config", "--conf", "../conf"));
        assertTrue(err().startsWith("ivr: 'ivr asterisk-config' needs --out DIR (or --print)"), err());
    }
}
