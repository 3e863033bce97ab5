package ascc.core.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ascc.agi.AgiRequest;
import ascc.core.agi.AgiLineReader.Deadline;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Fuzzing the FastAGI input side with generated inputs (fixed seeds): the line reader and the environment parser take
 * whatever a peer sends, in any chunking, and end in a line, a clean end, or a {@link BadInputException} /
 * {@link EOFException} with a known reason: never another exception, never a hang (the input stream fails the try
 * when it is read on and on after its end).
 */
class AgiInputFuzzTest {
    private static final Set<String> LINE_ERRORS = Set.of("line_too_long", "binary_data");
    private static final Set<String> ENV_ERRORS = Set.of("env_timeout", "no_environment", "truncated_environment",
        "too_many_env_lines", "malformed_env_line", "line_too_long", "binary_data", "socket_error");

    /** Bytes handed out in chunks of the given sizes (cycled); fails when read more than a few times past its end. */
    static final class ChunkedInput extends InputStream {
        private final byte[] bytes;
        private final int[] chunks;
        private int pos;
        private int chunk;
        private int readsAtEnd;

        ChunkedInput(byte[] bytes, List<Integer> chunks) {
            this.bytes = bytes;
            this.chunks = chunks.stream().mapToInt(Integer::intValue).toArray();
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == bytes.length) {
                if (++readsAtEnd > 3) {
                    throw new AssertionError("read on and on after the end of the input: the reader would hang on a socket");
                }
                return -1;
            }
            int n = Math.min(Math.min(len, chunks[chunk++ % chunks.length]), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static AgiLineReader reader(byte[] bytes, List<Integer> chunks, int maxLineBytes) {
        return new AgiLineReader(new ChunkedInput(bytes, chunks), millis -> { }, maxLineBytes);
    }

    private static Deadline deadline() {
        return Deadline.after(Duration.ofMinutes(1));
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return bytes(3000);
    }

    private static Arbitrary<byte[]> bytes(int maxSize) {
        // raw bytes, biased towards line structure: newlines, CRs, tabs, NULs and high bytes are common
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, Arbitraries.bytes()),
            net.jqwik.api.Tuple.of(3, Arbitraries.of((byte) '\n', (byte) '\r', (byte) '\t', (byte) 0, (byte) 0x7f, (byte) 0xc3)),
            net.jqwik.api.Tuple.of(10, Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e)));
        return b.array(byte[].class).ofMaxSize(maxSize);
    }

    @Provide
    Arbitrary<List<Integer>> chunks() {
        return Arbitraries.integers().between(1, 3000).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 3000, seed = "4573001")
    void theLineReaderEndsEveryInputInLinesOrAKnownError(@ForAll("anyBytes") byte[] input, @ForAll("chunks") List<Integer> chunks,
            @ForAll @IntRange(min = 256, max = 1024) int maxLineBytes) throws IOException {
        AgiLineReader r = reader(input, chunks, maxLineBytes);
        int results = 0;
        while (true) {
            assertTrue(++results <= input.length + 2, "more results than bytes: the reader does not advance");
            String line;
            try {
                line = r.readLine(deadline());
            } catch (BadInputException e) {
                assertTrue(LINE_ERRORS.contains(e.reason()), e.reason());
                assertTrue(e.protocolUsable());
                continue;
            } catch (EOFException e) {
                return;
            }
            if (line == null) {
                return;
            }
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= maxLineBytes * 3, "line longer than the limit");
            assertFalse(line.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f), () -> "control character in " + line);
        }
    }

    @Property(tries = 1000, seed = "4573002")
    void printableLinesComeBackExactlyWhateverTheChunkingAndLineEnds(
            @ForAll @Size(max = 20) List<@net.jqwik.api.constraints.StringLength(max = 300)
                @net.jqwik.api.constraints.CharRange(from = ' ', to = '~') String> lines,
            @ForAll("chunks") List<Integer> chunks, @ForAll boolean crlf) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String l : lines) {
            out.writeBytes((l + (crlf ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8));
        }
        AgiLineReader r = reader(out.toByteArray(), chunks, 301); // the limit counts a CR before the LF
        for (String l : lines) {
            assertEquals(l, r.readLine(deadline()));
        }
        assertNull(r.readLine(deadline()));
    }

    @Property(tries = 500, seed = "4573003")
    void afterAnOverlongLineTheNextLineIsReadIntact(@ForAll @IntRange(min = 1, max = 5000) int excess,
            @ForAll("chunks") List<Integer> chunks) throws Exception {
        byte[] longLine = "x".repeat(256 + excess).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(longLine);
        out.writeBytes("\nagi_channel: PJSIP/a-1\n".getBytes(StandardCharsets.US_ASCII));
        AgiLineReader r = reader(out.toByteArray(), chunks, 256);
        try {
            r.readLine(deadline());
            fail("an over-long line is refused");
        } catch (BadInputException e) {
            assertEquals("line_too_long", e.reason());
        }
        assertEquals("agi_channel: PJSIP/a-1", r.readLine(deadline()));
    }

    // ---- the environment parser ----

    @Provide
    Arbitrary<String> envLine() {
        Arbitrary<String> key = Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> value = Arbitraries.strings().withCharRange(' ', '~').withChars('\t', 'ä', '한').ofMaxLength(60);
        Arbitrary<String> argKey = Arbitraries.oneOf(Arbitraries.integers().between(-3, 1200).map(i -> "arg_" + i),
            Arbitraries.of("arg_", "arg_x", "arg_01", "arg_+1", "arg_99999999999"));
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(10, Combinators.combine(key, value).as((k, v) -> "agi_" + k + ": " + v)),
            net.jqwik.api.Tuple.of(4, Combinators.combine(argKey, value).as((k, v) -> "agi_" + k + ": " + v)),
            net.jqwik.api.Tuple.of(2, Arbitraries.of("agi_network_script: inbound", "agi_request: agi://127.0.0.1:4573/inbound?x",
                "agi_request: agi://h", "agi_network_script: /", "agi_:", "agi_", "agi_x", ":", "", "HANGUP", "200 result=0")),
            net.jqwik.api.Tuple.of(1, value),
            net.jqwik.api.Tuple.of(1, bytes(120).map(b -> new String(b, StandardCharsets.ISO_8859_1))));
    }

    @Property(tries = 2000, seed = "4573004")
    void theEnvironmentParserEndsInARequestOrAKnownReason(@ForAll @Size(max = 40) List<@net.jqwik.api.From("envLine") String> lines,
            @ForAll boolean blankAtEnd, @ForAll("chunks") List<Integer> chunks,
            @ForAll @IntRange(min = 8, max = 64) int maxEnvLines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        if (blankAtEnd) {
            sb.append('\n');
        }
        AgiLineReader r = reader(sb.toString().getBytes(StandardCharsets.UTF_8), chunks, 512);
        List<String> seen = new ArrayList<>();
        try {
            AgiRequest req = AgiEnvironment.read(r, deadline(), maxEnvLines, (k, v) -> seen.add(k));
            assertFalse(req.env().isEmpty());
            assertTrue(req.env().size() <= maxEnvLines);
            assertFalse(req.script().startsWith("/"), req.script());
            assertFalse(req.script().contains("?"), req.script());
            assertEquals(req.env().keySet().stream().filter(k -> k.startsWith("arg_")).count(), req.args().size());
            AgiRequest stripped = AgiEnvironment.withoutSecret(req);
            assertEquals(Math.max(0, req.args().size() - 1), stripped.args().size());
        } catch (BadInputException e) {
            assertTrue(ENV_ERRORS.contains(e.reason()), e.reason() + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Property(tries = 1000, seed = "4573005")
    void aWellFormedEnvironmentIsReadBackExactly(
            @ForAll @Size(min = 1, max = 40) Map<@net.jqwik.api.constraints.AlphaChars @net.jqwik.api.constraints.StringLength(
                min = 1, max = 16) String, @net.jqwik.api.constraints.CharRange(from = ' ', to = '~')
                @net.jqwik.api.constraints.StringLength(max = 80) String> vars,
            @ForAll @Size(max = 10) List<@net.jqwik.api.constraints.CharRange(from = ' ', to = '~')
                @net.jqwik.api.constraints.StringLength(max = 40) String> args,
            @ForAll("chunks") List<Integer> chunks) throws BadInputException {
        Map<String, String> env = new LinkedHashMap<>();
        vars.forEach((k, v) -> env.put("v" + k.toLowerCase(java.util.Locale.ROOT), v));
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append("agi_").append(k).append(": ").append(v).append('\n'));
        for (int i = 0; i < args.size(); i++) {
            sb.append("agi_arg_").append(i + 1).append(": ").append(args.get(i)).append('\n');
        }
        sb.append('\n');
        AgiLineReader r = reader(sb.toString().getBytes(StandardCharsets.UTF_8), chunks, 512);
        AgiRequest req = AgiEnvironment.read(r, deadline(), 64, (k, v) -> { });
        for (Map.Entry<String, String> e : env.entrySet()) {
            // one leading space after the colon belongs to the format; the rest of the value is kept
            String expected = e.getValue();
            assertEquals(expected, req.env().get(e.getKey()), e.getKey());
        }
        assertEquals(args, req.args());
        AgiRequest stripped = AgiEnvironment.withoutSecret(req);
        assertEquals(args.isEmpty() ? List.of() : args.subList(1, args.size()), stripped.args());
        for (int i = 0; i < stripped.args().size(); i++) {
            assertEquals(stripped.args().get(i), stripped.env().get("arg_" + (i + 1)));
        }
        assertFalse(stripped.env().containsKey("arg_" + (stripped.args().size() + 1)));
    }
}
