package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordSpool;
import ascc.core.durable.DurableSpool;
import ascc.routing.calls.CallOutcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr deadletter list|replay} through {@link Main} on a copy of the shipped conf/ with its spool in a temp dir. */
class DeadLetterCommandTest {
    private static final String NUMBER = "0101234567890123456789012345678901234567";

    @TempDir
    Path dir;
    Path conf;
    Path spool;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyConf() throws IOException {
        conf = dir.resolve("conf");
        Files.createDirectories(conf);
        try (Stream<Path> files = Files.list(Path.of("../conf"))) {
            for (Path f : files.toList()) {
                Files.copy(f, conf.resolve(f.getFileName()));
            }
        }
        spool = dir.resolve("spool");
        Path engine = conf.resolve("engine.yaml");
        Files.writeString(engine, Files.readString(engine).replace("spool-dir: var/spool/calls", "spool-dir: " + spool));
    }

    private int ivr(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.addAll(List.of("--conf", conf.toString()));
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of())
                .execute(argv);
    }

    @Test
    void listShowsDeadLettersMaskedAndReplayPutsThemBackInTheSpool() throws Exception {
        CallRecord r = new CallRecord("1793458800.9", "1793458800.9", "alpha", null, null, null, null, null, "0700000001", NUMBER,
                Instant.parse("2026-12-01T01:00:00Z"), null, null, null, null, CallOutcome.ABANDONED_IVR, null, "n1");
        DurableSpool<CallRecord> dead = new CallRecordSpool(spool).deadLetters();
        dead.append(List.of(r));
        dead.close();

        assertEquals(0, ivr("deadletter", "list"), err.toString());
        String listed = out.toString(StandardCharsets.UTF_8);
        assertTrue(listed.contains("calls\tCallRecord[linkedId=1793458800.9"), listed);
        assertFalse(listed.contains(NUMBER), "the caller's number is masked: " + listed);
        assertTrue(listed.contains("ivr deadletter: 1 dead letter(s)"), listed);

        out.reset();
        assertEquals(0, ivr("deadletter", "replay", "--spool", "calls"), err.toString());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("1 dead-letter journal(s) requeued"), out.toString());
        assertEquals(List.of(r), new CallRecordSpool(spool).items(), "back in the spool, written by the engine");

        out.reset();
        assertEquals(0, ivr("deadletter", "list"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("ivr deadletter: 0 dead letter(s)"), out.toString());
        assertEquals(2, ivr("deadletter", "list", "--spool", "nope"));
    }
}
