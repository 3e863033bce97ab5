package ascc.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.fuzz.FuzzTries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The CSV importer over generated files (CSV punctuation, quotes, CR/LF, BOMs, Korean text, invalid bytes, long fields)
 * in UTF-8 or CP949: it never throws, every row is accepted or rejected with a line inside the file, accepted rows keep
 * to the limits, and a broken file's rows are never to be imported. Fixed seed in the unit suite.
 */
@Tag("fuzz")
@AddLifecycleHook(FuzzTries.class)
class TargetCsvFuzzTest {
    private static final TargetCsv.Limits LIMITS = new TargetCsv.Limits(20_000, 50, 30, 80);

    @Provide
    Arbitrary<byte[]> files() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of("phone,name,consent,consent_date\n", "phone,name,consent,consent_date\r\n", "\uFEFF",
                        "010-1234-5678,김민지,yes,2026-03-01\n", "+82 10 1111 2222,\"Lee, J\",no,\n", "01099998888,A,yes,\r\n",
                        ",", "\"", "\"\"", "\n", "\r", "\r\n", "yes", "no", "2026-02-30", "0101234567", "\uFFFD", "\u0000", "=cmd"),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars('a', ',', '"', '\n', '1').ofMinLength(20).ofMaxLength(200));
        Arbitrary<String> text = piece.list().ofMaxSize(40).map(l -> String.join("", l));
        Arbitrary<byte[]> encoded = Arbitraries.of("UTF-8", "x-windows-949", "UTF-16LE")
                .flatMap(cs -> text.map(t -> t.getBytes(Charset.forName(cs))));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        return Arbitraries.oneOf(encoded, encoded, raw);
    }

    @Property(tries = 2000, seed = "20261206")
    void anyFileIsAcceptedOrRejectedRowByRowWithinTheLimits(@ForAll("files") byte[] file) throws IOException {
        Charset cs = TargetCsv.charsetOf(new ByteArrayInputStream(file));
        List<TargetCsv.Target> got = new ArrayList<>();
        TargetCsv.Scan s;
        try (Reader r = TargetCsv.reader(new ByteArrayInputStream(file), cs)) {
            s = TargetCsv.scan(r, LIMITS, got::add, n -> { });
        }
        int lines = 2 + (int) new String(file, cs).chars().filter(c -> c == '\n' || c == '\r').count();
        assertEquals(got.size(), s.accepted());
        assertTrue(s.rows() <= LIMITS.maxRows() + 1, "rows over the limit: " + s.rows());
        assertTrue(s.accepted() + s.rejectedCount() <= s.rows() + 1, s.toString());
        for (TargetCsv.Rejection r : s.rejected()) {
            assertTrue(r.line() >= 1 && r.line() <= lines, "rejection outside the file: " + r);
            assertTrue(!r.reason().isBlank() && r.reason().length() < 300, r.reason());
        }
        for (TargetCsv.Target t : got) {
            assertTrue(t.phone().matches("0\\d{8,10}"), t.phone());
            assertTrue(t.name().length() <= LIMITS.maxFieldChars(), t.name());
            assertTrue(t.line() >= 2 && t.line() <= lines, "target outside the file: " + t.line());
        }
        if (!s.isBroken()) {
            assertEquals(s.rows(), s.accepted() + s.rejectedCount(), "every row accepted or rejected: " + s);
        }
    }
}
