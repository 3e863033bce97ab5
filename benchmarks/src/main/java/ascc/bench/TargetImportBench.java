package ascc.bench;

import ascc.core.campaign.CampaignStore;
import ascc.core.campaign.TargetCsv;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.routing.config.Secret;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Survey target import on MariaDB (issue 5: "100,000 targets import in under 10 s"): writes a target CSV file, then per
 * round reads it with {@link TargetCsv} (the same parser {@code ivr campaign import} uses: per-row rejections, all or
 * nothing) and writes it with {@link CampaignStore#importTargets} (one transaction, batches of 1,000) into a fresh
 * campaign id; counts the rows in the database, then deletes them again. Progress is printed as it goes; the last
 * lines are a summary. Wall time is measured and reported, never asserted.
 *
 * <pre>
 * java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' ascc.bench.TargetImportBench \
 *     [--rows 100000] [--rounds 3] [--url jdbc:mariadb://127.0.0.1:3306/ascc?useBulkStmts=true] [--user ascc]
 * </pre>
 * The password comes from {@code ASCC_BENCH_DB_PASSWORD} (default {@code ascc}, the sandbox's) and is never printed.
 */
public final class TargetImportBench {
    private static final long TARGET_MS = 10_000;

    private TargetImportBench() {
    }

    /** A target file: every 7th customer without consent, every 50th row a bad number (rejected with its line). */
    static void writeCsv(Path file, int rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("phone,name,consent,consent_date\r\n");
            for (int i = 0; i < rows; i++) {
                String phone = i % 50 == 49 ? "12-" + i : "010" + String.format("%08d", 10_000_000 + i);
                boolean consent = i % 7 != 0;
                w.write(phone + ",\"고객 " + i + ", 서울\"," + (consent ? "yes,2026-0" + (1 + i % 9) + "-15" : "no,") + "\r\n");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int rows = 100_000;
        int rounds = 3;
        String url = "jdbc:mariadb://127.0.0.1:3306/ascc?useBulkStmts=true";
        String user = "ascc";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--url" -> url = args[++i];
                case "--user" -> user = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (allowed: --rows N, --rounds N, --url JDBC_URL, --user NAME)");
            }
        }
        String password = System.getenv().getOrDefault("ASCC_BENCH_DB_PASSWORD", "ascc");
        Path dir = Files.createTempDirectory("target-import-bench");
        Path csv = dir.resolve("targets.csv");
        writeCsv(csv, rows);
        System.out.printf("target import: %,d rows, %,d bytes in %s; database %s (user %s); %d rounds%n", rows, Files.size(csv),
                "$TMPDIR/" + dir.getFileName() + "/targets.csv", url, user, rounds);
        List<long[]> results = new ArrayList<>();
        try (Database db = Database.open(DbSettings.mariaDb(url, user, Secret.of(password), 4))) {
            CampaignStore store = new CampaignStore(db.dataSource(), Clock.systemUTC(), "bench");
            for (int round = 1; round <= rounds; round++) {
                results.add(round(db, store, csv, round, rows));
            }
        } finally {
            Dirs.deleteTree(dir);
        }
        System.out.println("summary (parse = read + validate the CSV, import = one transaction into campaign_target):");
        long best = Long.MAX_VALUE;
        for (int i = 0; i < results.size(); i++) {
            long[] r = results.get(i);
            best = Math.min(best, r[2]);
            System.out.printf("  round %d: %,d accepted, %,d rejected, parse %,d ms, import %,d ms, total %,d ms, %,.0f rows/s%s%n",
                    i + 1, r[3], r[4], r[0], r[1], r[2], r[3] * 1000.0 / Math.max(1, r[2]), i == 0 ? " (cold JVM)" : "");
        }
        long worst = results.stream().mapToLong(r -> r[2]).max().orElse(0);
        System.out.printf("  target: %,d rows in under %,d ms: %s (worst round %,d ms, best %,d ms)%n", rows, TARGET_MS,
                worst < TARGET_MS ? "MET" : "NOT MET", worst, best);
    }

    /** One round; {parse ms, import ms, total ms, accepted, rejected}. */
    private static long[] round(Database db, CampaignStore store, Path csv, int round, int rows) throws IOException, SQLException {
        String campaign = "bench-r" + round + "-" + (System.currentTimeMillis() % 100_000);
        int step = Math.max(1, rows / 5);
        long t0 = System.nanoTime();
        TargetCsv.Result r;
        try (InputStream in = Files.newInputStream(csv)) {
            r = TargetCsv.read(in, n -> {
                if (n % step == 0) {
                    System.out.printf("  round %d: parsed %,d rows%n", round, n);
                }
            });
        }
        long t1 = System.nanoTime();
        if (r.isBroken()) {
            throw new IllegalStateException("benchmark file refused: " + r.broken().orElse("?"));
        }
        System.out.printf("  round %d: %,d accepted, %,d rejected (first: %s)%n", round, r.accepted().size(), r.rejected().size(),
                r.rejected().isEmpty() ? "none" : r.rejected().get(0));
        int[] shown = {0};
        int written = store.importTargets("bench", campaign, r.accepted(), n -> {
            if (n / step > shown[0]) {
                shown[0] = n / step;
                System.out.printf("  round %d: imported %,d rows%n", round, n);
            }
        });
        long t2 = System.nanoTime();
        int counted = countAndDelete(db, campaign);
        if (counted != written || written != r.accepted().size()) {
            throw new IllegalStateException("round " + round + ": " + r.accepted().size() + " accepted, " + written + " written, "
                    + counted + " in the database (campaign bench/" + campaign + ")");
        }
        return new long[] {(t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t2 - t0) / 1_000_000, written, r.rejected().size()};
    }

    private static int countAndDelete(Database db, String campaign) throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            int n;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM campaign_target WHERE company_id = 'bench'"
                    + " AND campaign_id = ?")) {
                ps.setString(1, campaign);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM campaign_target WHERE company_id = 'bench' AND campaign_id = ?")) {
                ps.setString(1, campaign);
                ps.executeUpdate();
            }
            return n;
        }
    }
}
