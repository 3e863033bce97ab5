package ascc.core.billing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordStore;
import ascc.core.cdr.AsteriskCallStore;
import ascc.routing.cdr.CdrLeg;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.config.yaml.BillingConfigLoader;
import ascc.routing.billing.BillingRules;
import ascc.routing.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Benchmark of metering ingest and the monthly close on MariaDB; see BENCHMARK.md next to this file for how to run it and
 * what it measures. Not a unit test: it runs only with {@code BILLING_BENCH=1} (or through {@link #main}).
 */
public final class BillingBench {
    static final String LEDGER = "bench";
    static final String PREFIX = "bb-";
    static final YearMonth MONTH = YearMonth.of(2032, 1);
    static final ZoneId ZONE = ZoneId.of("Asia/Seoul");
    /** A database of the benchmark's own, emptied with TRUNCATE (created by root: see BENCHMARK.md). */
    static final String BENCH_DB = "ascc_bench";
    private static final int SEED_CHUNK = 250_000;

    @Test
    void run() throws Exception {
        assumeTrue("1".equals(System.getenv("BILLING_BENCH")), "set BILLING_BENCH=1 to run the billing benchmark");
        main(new String[0]);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        int companies = Integer.parseInt(env.getOrDefault("BENCH_COMPANIES", "13600"));
        int records = Integer.parseInt(env.getOrDefault("BENCH_RECORDS", "5000000"));
        int batch = Integer.parseInt(env.getOrDefault("BENCH_BATCH", "1000"));
        String url = env.getOrDefault("ASCC_IT_DB_URL", "jdbc:mariadb://127.0.0.1:3306/ascc_it");
        Path results = Path.of(env.getOrDefault("BENCH_RESULTS", "target/billing-bench-results.md"));
        BillingRules rules = BillingConfigLoader.load(Path.of(env.getOrDefault("BENCH_CONF", "../conf")));

        try (Database db = Database.open(DbSettings.mariaDb(url, env.getOrDefault("ASCC_IT_DB_USER", "ascc"),
                Secret.of(env.getOrDefault("ASCC_IT_DB_PASSWORD", "ascc")), 4))) {
            boolean ingest = !"0".equals(env.get("BENCH_INGEST"));
            // BENCH_INGEST_RECORDS: how many go through the engine's writer statement (timed); the rest are generated in
            // the database (INSERT ... SELECT from MariaDB's sequence engine), so 5,000,000 rows load in minutes
            int ingested = Math.min(records, Integer.parseInt(env.getOrDefault("BENCH_INGEST_RECORDS", Integer.toString(records))));
            // BENCH_ASTERISK=1: Asterisk's view too (asterisk_call: every call, plus 1% only Asterisk saw)
            boolean asterisk = "1".equals(env.get("BENCH_ASTERISK"));
            double cdrRate = Double.NaN;
            double ingestSeconds = Double.NaN;
            double ingestRate = Double.NaN;
            if (!ingest) {
                records = (int) BillingFixture.count(db.dataSource(), "SELECT COUNT(*) FROM call_record WHERE linked_id LIKE ?",
                        PREFIX + "%");
                BillingFixture.cleanup(db.dataSource(), LEDGER, null);
                log("BENCH_INGEST=0: closing the " + records + " benchmark call records already in the database");
                ingested = 0;
            } else {
                log("cleaning earlier benchmark rows");
                cleanup(db);

                log("ingesting " + ingested + " call records for " + companies + " companies in " + MONTH + " (batches of " + batch
                        + ", CallRecordStore.upsert: the engine writer's statement)");
                CallRecordStore store = new CallRecordStore(db.dataSource());
                SplittableRandom random = new SplittableRandom(42);
                Instant start = BillingMonth.start(MONTH, ZONE);
                long monthSeconds = BillingMonth.end(MONTH, ZONE).getEpochSecond() - start.getEpochSecond();
                long t0 = System.nanoTime();
                List<CallRecord> chunk = new ArrayList<>(batch);
                for (int i = 0; i < ingested; i++) {
                    chunk.add(record(i, companies, random, start, monthSeconds));
                    if (chunk.size() == batch) {
                        store.upsert(chunk);
                        chunk.clear();
                    }
                    if ((i + 1) % 500_000 == 0) {
                        log(String.format(Locale.ROOT, "  %,d records, %,.0f records/s", i + 1, (i + 1) / seconds(t0)));
                    }
                }
                store.upsert(chunk);
                ingestSeconds = seconds(t0);
                ingestRate = ingested / ingestSeconds;
                log(String.format(Locale.ROOT, "ingest: %,d records in %.1f s = %,.0f records/s", ingested, ingestSeconds, ingestRate));
                if (asterisk) {
                    cdrRate = ingestCdrs(db, ingested, batch);
                }
                if (ingested < records) {
                    seed(db, ingested, records, companies, asterisk, start, monthSeconds);
                }
            }

            Map<String, String> names = new LinkedHashMap<>();
            for (int c = 0; c < companies; c++) {
                names.put(company(c), "Benchmark company " + c);
            }
            MonthlyClose close = new MonthlyClose(db.dataSource(), rules, ZONE, SurveyUsageSource.NONE, Clock.systemUTC());
            String loadAverage = Files.readString(Path.of("/proc/loadavg")).strip();
            log("closing " + MONTH + " (load average " + loadAverage + ")");
            long t1 = System.nanoTime();
            CloseResult r = close.close(LEDGER, MONTH, names, Optional.empty(), BillingBench::log);
            double closeSeconds = seconds(t1);
            ProgramSummary s = r.summary();
            log(String.format(Locale.ROOT, "close: %d statements, %,d calls, total due %,d KRW in %.1f s", s.companies(), s.offered(),
                    s.totalDue(), closeSeconds));
            long t2 = System.nanoTime();
            CloseResult again = close.close(LEDGER, MONTH, names, Optional.empty(), BillingBench::log);
            double againSeconds = seconds(t2);

            String report = report(companies, records, ingested, batch, ingestSeconds, ingestRate, closeSeconds, s, again.alreadyClosed(),
                    againSeconds) + String.format(Locale.ROOT, "records through the writer statement: %,d; generated in the database: %,d;"
                    + " Asterisk calls (asterisk_call): %s; CDR merge rate (AsteriskCallStore.merge, batches of %d): %,.0f legs/s;"
                    + " load average before the close: %s%n%n", ingested, records - ingested,
                    asterisk ? String.format(Locale.ROOT, "%,d", BillingFixture.count(db.dataSource(),
                            "SELECT COUNT(*) FROM asterisk_call WHERE linked_id LIKE ?", PREFIX + "%")) : "none", batch, cdrRate,
                    loadAverage);
            Files.createDirectories(results.toAbsolutePath().getParent());
            Files.writeString(results, report, StandardCharsets.UTF_8);
            log("results written to " + results.toAbsolutePath());
            System.out.print(report);
            if (!"1".equals(env.get("BENCH_KEEP"))) {
                log("removing the benchmark rows (BENCH_KEEP=1 keeps them)");
                cleanup(db);
            }
        }
    }

    /**
     * Generates call records {@code from..to-1} in the database, with the same mix as {@link #record} (deterministic hashes of
     * the sequence number instead of a random generator), and with {@code asterisk} the matching asterisk_call rows plus 1%
     * calls only Asterisk saw (linked ids {@code bb-a-*}).
     */
    static void seed(Database db, int from, int to, int companies, boolean asterisk, Instant monthStart, long monthSeconds)
            throws SQLException {
        String start = java.time.LocalDateTime.ofInstant(monthStart, java.time.ZoneOffset.UTC).toString().replace('T', ' ');
        String company = "CONCAT('bench-', LPAD(FLOOR(" + companies + " * POW(((seq * 2654435761) % 1000003) / 1000003, 2)) % "
                + companies + ", 5, '0'))";
        String o = "((seq * 7919) % 100)";
        String outcome = "CASE WHEN " + o + " < 70 THEN 'ANSWERED' WHEN " + o + " < 80 THEN 'ABANDONED_IVR' WHEN " + o
                + " < 88 THEN 'ABANDONED_QUEUE' WHEN " + o + " < 93 THEN 'CLOSED' WHEN " + o + " < 97 THEN 'CALLBACK_REQUESTED'"
                + " ELSE 'VOICEMAIL' END";
        String talk = "CASE WHEN " + o + " < 70 THEN 30000 + (seq * 31) % 600000 ELSE 0 END";
        String at = "TIMESTAMPADD(SECOND, (seq * 104729) % " + monthSeconds + ", '" + start + "')";
        long t0 = System.nanoTime();
        log(String.format(Locale.ROOT, "generating call records %,d..%,d in the database%s", from, to - 1,
                asterisk ? " with Asterisk's view" : ""));
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            for (int lo = from; lo < to; lo += SEED_CHUNK) {
                int hi = Math.min(to, lo + SEED_CHUNK) - 1;
                String seq = "seq_" + lo + "_to_" + hi;
                st.executeUpdate("INSERT INTO call_record (linked_id, unique_id, company_id, category, desk_id, queue_name, agent_id,"
                        + " dialed_number, caller_number, entered_at, answered_at, ended_at, wait_ms, talk_ms, outcome, rule, engine_node)"
                        + " SELECT CONCAT('" + PREFIX + "', seq), CONCAT('" + PREFIX + "', seq, '.1'), " + company + ", 'pcs', 'desk',"
                        + " 'q-desk', NULL, '15880000', CONCAT('010', 10000000 + (seq * 7) % 89999999), " + at + ", NULL, " + at
                        + ", 20000, " + talk + ", " + outcome + ", 'bench', 'bench' FROM " + seq);
                if (asterisk) {
                    st.executeUpdate("INSERT INTO asterisk_call (linked_id, unique_id, company_id, dialed_number, caller_number,"
                            + " started_at, answered_at, ended_at, answered, talk_ms, disposition, engine_node)"
                            + " SELECT CONCAT('" + PREFIX + "', seq), CONCAT('" + PREFIX + "', seq), " + company + ", '15880000', NULL, "
                            + at + ", NULL, NULL, CASE WHEN " + o + " < 70 THEN 1 ELSE 0 END, " + talk + ", 'ANSWERED', 'bench' FROM " + seq
                            + " UNION ALL SELECT CONCAT('" + PREFIX + "a-', seq), CONCAT('" + PREFIX + "a-', seq), " + company
                            + ", '15880000', NULL, " + at + ", NULL, NULL, 1, 60000, 'ANSWERED', 'bench' FROM " + seq
                            + " WHERE seq % 100 = 0");
                }
                log(String.format(Locale.ROOT, "  %,d records in the database, %.1f s", hi + 1, seconds(t0)));
            }
        }
    }

    /** Times {@link AsteriskCallStore#merge} of one CDR leg per ingested call (linked ids of the ingested records). */
    static double ingestCdrs(Database db, int n, int batch) throws SQLException {
        AsteriskCallStore store = new AsteriskCallStore(db.dataSource());
        SplittableRandom random = new SplittableRandom(7);
        List<CdrLeg> chunk = new ArrayList<>(batch);
        // each leg dials a number of its own company: "1588" + the company's index
        Function<String, Optional<String>> companyByNumber = number -> Optional.of(company(Integer.parseInt(number.substring(4))));
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Instant at = BillingMonth.start(MONTH, ZONE).plusSeconds(random.nextLong(2_000_000));
            CdrLeg leg = new CdrLeg(PREFIX + i, PREFIX + i, "PJSIP/trunk-1", random.nextInt(10) < 7 ? "PJSIP/1001-1" : "", "01012345678",
                    "1588" + random.nextInt(13_600), "ANSWERED", at, at.plusSeconds(5), at.plusSeconds(65), 60);
            chunk.add(leg);
            if (chunk.size() == batch) {
                store.merge(chunk, companyByNumber, "bench");
                chunk.clear();
            }
        }
        store.merge(chunk, companyByNumber, "bench");
        double rate = n / seconds(t0);
        log(String.format(Locale.ROOT, "CDR merge: %,d legs in %.1f s = %,.0f legs/s", n, seconds(t0), rate));
        return rate;
    }

    static String company(int c) {
        return String.format(Locale.ROOT, "bench-%05d", c);
    }

    /** Skewed: a few big companies, many small ones (company index = n * u^2). */
    static CallRecord record(int i, int companies, SplittableRandom random, Instant monthStart, long monthSeconds) {
        double u = random.nextDouble();
        String company = company((int) (companies * u * u) % companies);
        Instant at = monthStart.plusSeconds(random.nextLong(monthSeconds));
        int o = random.nextInt(100);
        CallOutcome outcome = o < 70 ? CallOutcome.ANSWERED : o < 80 ? CallOutcome.ABANDONED_IVR : o < 88 ? CallOutcome.ABANDONED_QUEUE
                : o < 93 ? CallOutcome.CLOSED : o < 97 ? CallOutcome.CALLBACK_REQUESTED : CallOutcome.VOICEMAIL;
        boolean answered = outcome == CallOutcome.ANSWERED;
        long talk = answered ? 30_000 + random.nextLong(600_000) : 0;
        return new CallRecord(PREFIX + i, PREFIX + i + ".1", company, "pcs", null, "desk", "q-desk", answered ? "1001" : null,
                "15880000", "010" + (10_000_000 + random.nextInt(89_999_999)), at, answered ? at.plusSeconds(20) : null,
                at.plusSeconds(20 + talk / 1000), 20_000L, talk, outcome, "bench", "bench");
    }

    static void cleanup(Database db) throws SQLException {
        BillingFixture.cleanup(db.dataSource(), LEDGER, null);
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            if (BENCH_DB.equals(c.getCatalog())) {
                // the benchmark's own database: nothing else lives there
                st.execute("TRUNCATE TABLE call_record");
                st.execute("TRUNCATE TABLE asterisk_call");
                log("  truncated call_record and asterisk_call in " + BENCH_DB);
                return;
            }
            st.executeUpdate("DELETE FROM asterisk_call WHERE linked_id LIKE '" + PREFIX + "%'");
        }
        long deleted;
        long total = 0;
        do {
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("DELETE FROM call_record WHERE linked_id LIKE ? LIMIT 100000")) {
                ps.setString(1, PREFIX + "%");
                deleted = ps.executeUpdate();
                total += deleted;
            }
        } while (deleted > 0);
        if (total > 0) {
            log("  deleted " + total + " benchmark call records");
        }
    }

    static String report(int companies, int records, int ingested, int batch, double ingestSeconds, double ingestRate, double closeSeconds,
            ProgramSummary s, boolean idempotent, double againSeconds) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        return String.format(Locale.ROOT, """
                ## Billing benchmark results (%s)

                machine: %d cores (%s), MariaDB at 127.0.0.1 (shared sandbox), JDK %s

                | what | target | measured |
                |---|---|---|
                | metering ingest (CallRecordStore.upsert, batches of %d) | >= 5,000 records/s | %,.0f records/s (%,d records in %.1f s) |
                | monthly close of %,d companies, %,d call records | < 60 s | %.1f s |
                | closing the same month again (idempotent: %s) | - | %.3f s |

                program summary %s: %,d statements, %,d calls offered, %,d answered; labor basis %,d KRW = subsidy %,d +
                company shares %,d; total due %,d KRW.

                """, Instant.now(), Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("java.version"), batch,
                ingestRate, ingested, ingestSeconds, companies, records, closeSeconds, idempotent ? "yes" : "NO", againSeconds,
                s.month(), s.companies(), s.offered(), s.answered(), s.laborBasis(), s.subsidyTotal(), s.companyTotal(), s.totalDue());
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static final long T0 = System.nanoTime();

    static void log(String msg) {
        System.out.println(String.format(Locale.ROOT, "[billing-bench %7.1f s] ", seconds(T0)) + msg);
    }
}
