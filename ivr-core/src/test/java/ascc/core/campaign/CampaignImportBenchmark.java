package ascc.core.campaign;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Benchmark: parse a 100,000-row target CSV and import it into the embedded H2 database (issue: "100,000 targets import
 * in under 10 s"). Run from the worktree root after {@code mvn -q -B -pl ivr-core -am test-compile}, with the third-party
 * jars (HikariCP, h2, slf4j-api, slf4j-simple, snakeyaml-engine) from {@code ~/.m2} on the class path:
 * <pre>
 *   java -cp "ivr-core/target/test-classes:ivr-core/target/classes:routing/target/classes:$JARS" \
 *       ascc.core.campaign.CampaignImportBenchmark [ROWS]
 * </pre>
 *
 * <p>Results (2026-11-22, 2 shared cores, JDK 25, fresh H2 file database, 100,000 rows, 4.99 MB, one transaction):
 * <pre>
 * round 1: 100,000 rows (4,988,923 bytes): parse 916 ms, import 3896 ms, total 4813 ms   (cold JVM)
 * round 2: 100,000 rows (4,988,923 bytes): parse 587 ms, import 2010 ms, total 2598 ms
 * round 3: 100,000 rows (4,988,923 bytes): parse 552 ms, import 2020 ms, total 2573 ms
 * </pre>
 * Not measured here: MariaDB (needs the sandbox).
 */
public final class CampaignImportBenchmark {
    private CampaignImportBenchmark() {
    }

    /** A valid target CSV of {@code rows} rows (consent yes with a date, quoted Korean names). */
    static byte[] csv(int rows) {
        StringBuilder sb = new StringBuilder(rows * 44);
        sb.append("phone,name,consent,consent_date\r\n");
        for (int i = 0; i < rows; i++) {
            sb.append("010-").append(String.format("%04d-%04d", i / 10_000, i % 10_000)).append(",\"김, 고객 ").append(i)
                    .append("\",yes,2026-03-01\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException, SQLException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        byte[] file = csv(rows);
        for (int round = 1; round <= 3; round++) {
            long t0 = System.nanoTime();
            TargetCsv.Result r = TargetCsv.read(new ByteArrayInputStream(file), n -> { });
            long t1 = System.nanoTime();
            Path dir = Files.createTempDirectory("campaign-bench");
            try (Database db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2))) {
                long t2 = System.nanoTime();
                int n = new CampaignStore(db.dataSource(), Clock.systemUTC(), "bench").importTargets("bench", "c1", r.accepted(), x -> { });
                long t3 = System.nanoTime();
                System.out.printf("round %d: %,d rows (%,d bytes): parse %d ms, import %d ms, total %d ms%n", round, n, file.length,
                        (t1 - t0) / 1_000_000, (t3 - t2) / 1_000_000, (t1 - t0 + t3 - t2) / 1_000_000);
            }
        }
    }
}
