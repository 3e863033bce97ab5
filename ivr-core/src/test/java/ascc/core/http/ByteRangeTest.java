package ascc.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    private static void assertRange(ByteRange.Kind kind, long start, long length, ByteRange r) {
        assertEquals(new ByteRange(kind, start, length), r);
    }

    @Test
    void aClosedRangeIsSentAsAsked() {
        assertRange(ByteRange.Kind.PARTIAL, 0, 100, ByteRange.parse("bytes=0-99", 1000));
        assertRange(ByteRange.Kind.PARTIAL, 500, 1, ByteRange.parse("bytes=500-500", 1000));
    }

    @Test
    void anOpenOrOverlongRangeEndsAtTheFilesEnd() {
        assertRange(ByteRange.Kind.PARTIAL, 900, 100, ByteRange.parse("bytes=900-", 1000));
        assertRange(ByteRange.Kind.PARTIAL, 900, 100, ByteRange.parse("bytes=900-5000", 1000));
        assertRange(ByteRange.Kind.PARTIAL, 900, 100, ByteRange.parse("bytes=900-99999999999999999999999", 1000));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() {
        assertRange(ByteRange.Kind.PARTIAL, 750, 250, ByteRange.parse("bytes=-250", 1000));
        assertRange(ByteRange.Kind.PARTIAL, 0, 1000, ByteRange.parse("bytes=-5000", 1000));
    }

    @Test
    void aRangePastTheEndIsUnsatisfiable() {
        assertEquals(ByteRange.Kind.UNSATISFIABLE, ByteRange.parse("bytes=1000-", 1000).kind());
        assertEquals(ByteRange.Kind.UNSATISFIABLE, ByteRange.parse("bytes=-0", 1000).kind());
        assertEquals(ByteRange.Kind.UNSATISFIABLE, ByteRange.parse("bytes=0-", 0).kind());
    }

    @Test
    void malformedOrMultipleRangesAreIgnoredAndTheWholeFileSent() {
        for (String h : new String[] {"bytes=0-1,5-6", "items=0-5", "bytes=a-b", "bytes=5-1", "bytes=", "bytes=-", "bytes 0-5",
            "bytes=--5", "bytes=+1-2", "bytes=0x10-"}) {
            assertRange(ByteRange.Kind.WHOLE, 0, 1000, ByteRange.parse(h, 1000));
        }
        assertRange(ByteRange.Kind.WHOLE, 0, 1000, ByteRange.parse(null, 1000));
    }

    @Property(tries = 3000, seed = "20261206")
    void anyHeaderGivesASliceInsideTheFile(@ForAll @StringLength(max = 40) String tail, @ForAll @LongRange(max = 1L << 40) long size) {
        for (String h : new String[] {tail, "bytes=" + tail}) {
            ByteRange r = ByteRange.parse(h, size);
            if (r.kind() != ByteRange.Kind.UNSATISFIABLE) {
                assertTrue(r.start() >= 0 && r.length() >= 0 && r.start() + r.length() <= size, h + " -> " + r);
            }
            if (r.kind() == ByteRange.Kind.PARTIAL) {
                assertTrue(r.length() >= 1, h + " -> " + r);
            }
        }
    }

    @Property(tries = 2000, seed = "20261206")
    void aValidClosedRangeIsHonouredExactly(@ForAll @LongRange(min = 1, max = 1L << 40) long size,
                                            @ForAll @LongRange(max = 1L << 40) long a, @ForAll @LongRange(max = 1L << 40) long b) {
        long start = Math.min(a, b);
        long end = Math.max(a, b);
        ByteRange r = ByteRange.parse("bytes=" + start + "-" + end, size);
        if (start >= size) {
            assertEquals(ByteRange.Kind.UNSATISFIABLE, r.kind());
        } else {
            assertRange(ByteRange.Kind.PARTIAL, start, Math.min(end, size - 1) - start + 1, r);
        }
    }
}
