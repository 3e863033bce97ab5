package ascc.core.cdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.durable.DurableSpool;
import ascc.routing.cdr.CdrLeg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdrLegCodecTest {
    /** Every field set, with the characters the line format escapes. */
    static final CdrLeg ODD = new CdrLeg("pbx1-1795312381.0", "pbx1-1795312381.7", "PJSIP/trunk\t1", "PJSIP/2101\\n-1",
            "010\n5550", "0700000001\r", "NO\\ANSWER", Instant.parse("2026-11-22T01:53:01Z"), Instant.parse("2026-11-22T01:53:02.5Z"),
            Instant.parse("2026-11-22T01:53:08Z"), 6);

    @TempDir
    Path dir;

    @Test
    void aLegRoundTripsThroughTheSpoolWithEveryField() throws Exception {
        CdrLeg sparse = new CdrLeg("1.1", "1.1", "", "", null, null, "", Instant.parse("2026-11-22T01:53:01Z"), null, null, 0);
        DurableSpool<CdrLeg> spool = CdrIngest.spool(dir);
        spool.append(List.of(ODD, sparse));
        spool.close();

        List<CdrLeg> replayed = new ArrayList<>();
        DurableSpool.ReplayResult r = CdrIngest.spool(dir).replay(10, legs -> replayed.addAll(legs));
        assertEquals(List.of(ODD, sparse), replayed);
        assertEquals(new DurableSpool.ReplayResult(2, 0, true), r);
        try (var files = Files.list(dir.resolve(CdrIngest.SPOOL_SUBDIR))) {
            assertEquals(0, files.count(), "the journal is deleted once replayed");
        }
    }

    @Test
    void aDamagedLineIsRefusedNamingWhy() {
        String line = CdrLegCodec.INSTANCE.encode(ODD);
        assertTrue(line.startsWith("cdr1\t") && !line.contains("\n"), line);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CdrLegCodec.INSTANCE.decode(line.replace("0700000001", "0700000002")));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }
}
