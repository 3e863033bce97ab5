package ascc.core.billing;

import ascc.routing.billing.BillingRules;
import ascc.routing.billing.Money;
import ascc.routing.billing.MonthlyFee;
import ascc.routing.billing.Usage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a billing month: meters every company's usage, prices it with {@link MonthlyFee} and writes one immutable
 * statement per company and the program summary, all in one transaction (all or nothing).
 *
 * <ul>
 *   <li>Idempotent: a month that has a {@code billing_close} row is never recomputed or rewritten; closing it again returns
 *       the stored summary. Two engines closing at once: the summary's primary key lets one win, the other rolls back.</li>
 *   <li>In order: after the first close, each close must be the month after the latest closed one.</li>
 *   <li>Late usage: the close re-meters the last {@link BillingRules#lateUsageMonths()} closed months; where a company's
 *       counts differ from what was billed ({@code billing_usage}), the difference and the charge it makes (the fee of the
 *       month's new totals minus what was charged) become an ADJUSTMENT line on this statement.</li>
 *   <li>Bad input (a company with calls that is not billed, answered calls above a closed last band): every such
 *       company is listed in a {@link BillingException} and nothing is written.</li>
 * </ul>
 */
public final class MonthlyClose {
    private static final Logger LOG = LoggerFactory.getLogger(MonthlyClose.class);
    /** The program's books. */
    public static final String MAIN_LEDGER = "main";
    private static final int BATCH = 2_000;

    private final DataSource dataSource;
    private final BillingRules rules;
    private final ZoneId zone;
    private final SurveyUsageSource surveys;
    private final Clock clock;

    public MonthlyClose(DataSource dataSource, BillingRules rules, ZoneId zone, SurveyUsageSource surveys, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.surveys = Objects.requireNonNull(surveys, "surveys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public BillingRules rules() {
        return rules;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * Closes {@code month} in {@code ledger}.
     *
     * @param companies the billed companies, id to name
     * @param scope when present, only call records of these company ids are metered (tests, benchmarks); when empty, all
     * @param progress receives short progress messages
     * @throws BillingException with every problem; nothing was written
     */
    public CloseResult close(String ledger, YearMonth month, Map<String, String> companies, Optional<Set<String>> scope,
            Consumer<String> progress) throws BillingException, SQLException {
        long t0 = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Optional<ProgramSummary> existing = BillingStore.summary(c, ledger, month);
                if (existing.isPresent()) {
                    c.rollback();
                    progress.accept(month + " was closed at " + existing.get().closedAt() + "; nothing to do");
                    return new CloseResult(existing.get(), true, 0, elapsed(t0));
                }
                CloseResult r = closeIn(c, ledger, month, new TreeMap<>(companies), scope, progress, t0);
                c.commit();
                LOG.info("billing month {} closed (ledger={}, companies={}, answered={}, total due={} KRW, {} ms)", month, ledger,
                        r.summary().companies(), r.summary().answered(), r.summary().totalDue(), r.millis());
                return r;
            } catch (SQLIntegrityConstraintViolationException e) {
                c.rollback();
                Optional<ProgramSummary> winner = BillingStore.summary(c, ledger, month);
                if (winner.isPresent()) {
                    LOG.info("billing month {} (ledger={}) was closed concurrently by another engine", month, ledger);
                    return new CloseResult(winner.get(), true, 0, elapsed(t0));
                }
                throw e;
            } catch (SQLException | BillingException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private CloseResult closeIn(Connection c, String ledger, YearMonth month, TreeMap<String, String> companies,
            Optional<Set<String>> scope, Consumer<String> progress, long t0) throws SQLException, BillingException {
        Optional<YearMonth> latest = BillingStore.latestClosed(c, ledger);
        if (latest.isPresent() && latest.get().isAfter(month)) {
            throw new BillingException("cannot close " + month + " (ledger " + ledger + "): " + latest.get()
                    + " is closed already and closed months are final; months close in order");
        }
        if (latest.isPresent() && latest.get().plusMonths(1).isBefore(month)) {
            throw new BillingException("cannot close " + month + " (ledger " + ledger + "): " + latest.get().plusMonths(1)
                    + " is not closed yet; close the months in order (ivr billing close --month " + latest.get().plusMonths(1) + ")");
        }
        progress.accept("metering " + month + " (" + zone + ") for " + companies.size() + " companies");
        Map<String, Usage> usage = meter(c, month, scope);
        List<String> problems = new ArrayList<>();
        Usage unattributed = usage.getOrDefault(Metering.UNATTRIBUTED, Usage.ZERO);
        for (Map.Entry<String, Usage> e : new TreeMap<>(usage).entrySet()) {
            if (!e.getKey().isEmpty() && !companies.containsKey(e.getKey())) {
                problems.add("company '" + e.getKey() + "' has " + e.getValue().offered() + " call(s) in " + month
                        + " but no tier: it is not a billed company (add it to companies.yaml)");
            }
        }

        Map<String, List<Adjustment>> adjustments = lateUsage(c, ledger, month, companies, scope, problems, progress);

        progress.accept("pricing " + companies.size() + " statements");
        Instant closedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Priced> priced = new ArrayList<>(companies.size());
        for (Map.Entry<String, String> co : companies.entrySet()) {
            Usage u = usage.getOrDefault(co.getKey(), Usage.ZERO);
            try {
                MonthlyFee fee = MonthlyFee.of(rules, u);
                List<Adjustment> adj = adjustments.getOrDefault(co.getKey(), List.of());
                priced.add(new Priced(statement(ledger, co.getKey(), co.getValue(), month, u, fee, adj, closedAt), u, fee));
            } catch (MonthlyFee.NoTierException e) {
                problems.add("company '" + co.getKey() + "' has no tier in " + month + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new BillingException("cannot close " + month + " (ledger " + ledger + "); nothing was written", problems);
        }

        ProgramSummary summary = summarize(ledger, month, closedAt, priced, unattributed.offered());
        BillingStore.insertSummary(c, summary);
        progress.accept("writing " + priced.size() + " statements");
        write(c, priced, adjustments, month, progress);
        return new CloseResult(summary, false, adjustments.size(), elapsed(t0));
    }

    private Map<String, Usage> meter(Connection c, YearMonth month, Optional<Set<String>> scope) throws SQLException {
        Instant from = BillingMonth.start(month, zone);
        Instant to = BillingMonth.end(month, zone);
        Map<String, Usage> usage = new HashMap<>(Metering.usage(dataSource, c, from, to, scope));
        for (Map.Entry<String, SurveyUsage> e : surveys.usage(c, from, to).entrySet()) {
            if (scope.isPresent() && !scope.get().contains(e.getKey())) {
                continue;
            }
            SurveyUsage s = e.getValue();
            usage.merge(e.getKey(), Usage.ZERO.withSurveys(s.happyCalls(), s.surveyAttempted(), s.surveyCompleted()),
                    (a, b) -> a.withSurveys(b.happyCalls(), b.surveyAttempted(), b.surveyCompleted()));
        }
        return usage;
    }

    /** A difference found for an already closed month. */
    record Adjustment(YearMonth usageMonth, Usage delta, long amount, String tierBefore, String tierNow) {
    }

    private Map<String, List<Adjustment>> lateUsage(Connection c, String ledger, YearMonth month, Map<String, String> companies,
            Optional<Set<String>> scope, List<String> problems, Consumer<String> progress) throws SQLException {
        Map<String, List<Adjustment>> out = new TreeMap<>();
        if (rules.lateUsageMonths() == 0) {
            return out;
        }
        for (YearMonth m : BillingStore.closedMonths(c, ledger, month.minusMonths(rules.lateUsageMonths()), month)) {
            progress.accept("looking for late usage of closed month " + m);
            Map<String, Usage> now = meter(c, m, scope);
            Map<String, BillingStore.Billed> billed = BillingStore.billed(c, ledger, m);
            Set<String> ids = new TreeSet<>(now.keySet());
            ids.remove(Metering.UNATTRIBUTED);
            ids.addAll(billed.keySet());
            for (String id : ids) {
                BillingStore.Billed b = billed.getOrDefault(id, new BillingStore.Billed(Usage.ZERO, 0, null));
                Usage current = now.getOrDefault(id, Usage.ZERO);
                Usage delta = current.minus(b.usage());
                if (delta.isZero()) {
                    continue;
                }
                if (!companies.containsKey(id)) {
                    problems.add("company '" + id + "' has " + delta.offered() + " late call(s) of " + m
                            + " but no tier: it is not a billed company (add it to companies.yaml)");
                    continue;
                }
                try {
                    MonthlyFee fee = MonthlyFee.of(rules, current);
                    out.computeIfAbsent(id, k -> new ArrayList<>()).add(new Adjustment(m, delta, fee.usageCharge() - b.charge(),
                            b.tier() == null ? "-" : b.tier(), fee.tier().name()));
                } catch (MonthlyFee.NoTierException e) {
                    problems.add("company '" + id + "' has no tier for late usage of " + m + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    private Statement statement(String ledger, String id, String name, YearMonth month, Usage u, MonthlyFee fee,
            List<Adjustment> adjustments, Instant closedAt) {
        List<StatementLine> lines = new ArrayList<>();
        usageLine(lines, "offered calls", u.offered());
        usageLine(lines, "answered calls", u.answered());
        usageLine(lines, "abandoned calls (IVR and queue)", u.abandoned());
        usageLine(lines, "after-hours calls", u.afterHours());
        usageLine(lines, "callbacks requested", u.callbacks());
        usageLine(lines, "voicemails", u.voicemail());
        usageLine(lines, "talk minutes", u.talkMinutes());
        usageLine(lines, "happy calls (free)", u.happyCalls());
        usageLine(lines, "survey calls attempted", u.surveyAttempted());
        usageLine(lines, "survey responses completed", u.surveyCompleted());
        lines.add(new StatementLine(lines.size() + 1, StatementLine.Kind.INFO, "labor basis: tier " + fee.tier().name() + " ("
                + fee.tier().band() + " answered calls), " + fee.tier().fte() + " agents x " + Money.format(rules.laborCostPerYear())
                + " KRW a year / 12", 1, fee.laborBasis(), fee.laborBasis()));
        lines.add(new StatementLine(lines.size() + 1, StatementLine.Kind.INFO, "government share "
                + percent(10_000 - rules.companyShareBp()) + " (subsidy)", 1, fee.governmentShare(), fee.governmentShare()));
        lines.add(new StatementLine(lines.size() + 1, StatementLine.Kind.CHARGE, "company share " + percent(rules.companyShareBp())
                + " of the labor basis", 1, fee.companyShare(), fee.companyShare()));
        lines.add(new StatementLine(lines.size() + 1, StatementLine.Kind.CHARGE, "base fee (" + Money.format(rules.baseFeePerYear())
                + " KRW a year / 12)", 1, fee.baseFee(), fee.baseFee()));
        lines.add(new StatementLine(lines.size() + 1, StatementLine.Kind.CHARGE, "survey responses: " + u.surveyCompleted()
                + " completed, " + fee.surveyFree() + " free under the " + rules.surveyAllowanceCalls() + "-call allowance",
                fee.surveyBilled(), rules.surveyPrice(), fee.surveyCharge()));
        long adjustmentTotal = 0;
        for (Adjustment a : adjustments) {
            Usage d = a.delta();
            lines.add(new StatementLine(lines.size() + 1, StatementLine.Kind.ADJUSTMENT, "late usage of " + a.usageMonth() + ": "
                    + signed(d.offered()) + " offered, " + signed(d.answered()) + " answered, " + signed(d.surveyCompleted())
                    + " survey responses (tier " + a.tierBefore() + " -> " + a.tierNow() + ")", d.answered(), 0, a.amount()));
            adjustmentTotal += a.amount();
        }
        long total = fee.totalDue() + adjustmentTotal;
        return new Statement(ledger, id, name, month, fee.tier().name(), fee.tier().fteMilli(), fee.laborBasis(), fee.governmentShare(),
                fee.companyShare(), fee.baseFee(), fee.surveyCharge(), adjustmentTotal, total, closedAt, lines);
    }

    private static void usageLine(List<StatementLine> lines, String what, long n) {
        lines.add(new StatementLine(lines.size() + 1, StatementLine.Kind.USAGE, what, n, 0, 0));
    }

    static String percent(int bp) {
        return bp % 100 == 0 ? bp / 100 + "%" : String.format(java.util.Locale.ROOT, "%d.%02d%%", bp / 100, bp % 100)
                .replaceAll("0%$", "%");
    }

    private static String signed(long n) {
        return n >= 0 ? "+" + n : Long.toString(n);
    }

    private record Priced(Statement statement, Usage usage, MonthlyFee fee) {
    }

    private static ProgramSummary summarize(String ledger, YearMonth month, Instant closedAt, List<Priced> priced, long unattributed) {
        long offered = 0;
        long answered = 0;
        long basis = 0;
        long subsidy = 0;
        long company = 0;
        long adjustments = 0;
        long due = 0;
        for (Priced p : priced) {
            Statement s = p.statement();
            offered += p.usage().offered();
            answered += p.usage().answered();
            basis += s.laborBasis();
            subsidy += s.governmentShare();
            company += s.companyShare();
            adjustments += s.adjustments();
            due += s.totalDue();
        }
        return new ProgramSummary(ledger, month, closedAt, priced.size(), offered, answered, unattributed, basis, subsidy, company,
                adjustments, due);
    }

    private void write(Connection c, List<Priced> priced, Map<String, List<Adjustment>> adjustments, YearMonth month,
            Consumer<String> progress) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO billing_statement (ledger, company_id, company_name, bill_month, tier,"
                + " fte_milli, labor_basis, government_share, company_share, base_fee, survey_charge, adjustments, total_due, closed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement ln = c.prepareStatement("INSERT INTO billing_line (ledger, company_id, bill_month, line_no, kind,"
                + " description,"
                + " quantity, unit_price, amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement us = c.prepareStatement(BillingStore.INSERT_USAGE)) {
            int n = 0;
            for (Priced p : priced) {
                Statement s = p.statement();
                int i = 0;
                st.setString(++i, s.ledger());
                st.setString(++i, s.companyId());
                st.setString(++i, truncate(s.companyName(), 200));
                st.setString(++i, month.toString());
                st.setString(++i, s.tier());
                st.setInt(++i, s.fteMilli());
                st.setLong(++i, s.laborBasis());
                st.setLong(++i, s.governmentShare());
                st.setLong(++i, s.companyShare());
                st.setLong(++i, s.baseFee());
                st.setLong(++i, s.surveyCharge());
                st.setLong(++i, s.adjustments());
                st.setLong(++i, s.totalDue());
                st.setObject(++i, LocalDateTime.ofInstant(s.closedAt(), ZoneOffset.UTC));
                st.addBatch();
                for (StatementLine l : s.lines()) {
                    int j = 0;
                    ln.setString(++j, s.ledger());
                    ln.setString(++j, s.companyId());
                    ln.setString(++j, month.toString());
                    ln.setInt(++j, l.no());
                    ln.setString(++j, l.kind().name());
                    ln.setString(++j, truncate(l.description(), 300));
                    ln.setLong(++j, l.quantity());
                    ln.setLong(++j, l.unitPrice());
                    ln.setLong(++j, l.amount());
                    ln.addBatch();
                }
                BillingStore.bindUsage(us, s.ledger(), s.companyId(), month, month, p.usage(), p.fee().usageCharge());
                us.addBatch();
                for (Adjustment a : adjustments.getOrDefault(s.companyId(), List.of())) {
                    BillingStore.bindUsage(us, s.ledger(), s.companyId(), a.usageMonth(), month, a.delta(), a.amount());
                    us.addBatch();
                }
                if (++n % BATCH == 0) {
                    st.executeBatch();
                    ln.executeBatch();
                    us.executeBatch();
                    progress.accept("  " + n + "/" + priced.size() + " statements written");
                }
            }
            st.executeBatch();
            ln.executeBatch();
            us.executeBatch();
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static long elapsed(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
