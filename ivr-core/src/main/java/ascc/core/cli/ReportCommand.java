package ascc.core.cli;

import ascc.core.config.yaml.AgentStatesYaml;

import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.report.ReportFormat;
import ascc.core.report.ReportStore;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import ascc.routing.report.ReportCall;
import ascc.routing.report.TrafficReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ivr report --day D}: the traffic report of one day from {@code call_record} and {@code call_overflow_step}, per
 * company and per desk, for the whole day and each hour. Exit codes as {@link Main}: 0 done, 1 config or database problem,
 * 2 usage error.
 */
public final class ReportCommand {
    static final String USAGE = """
            usage: ivr report --day YYYY-MM-DD [--company X] [--desk D] [--format table|csv] [--sl-seconds N]
                              [--out FILE] [--conf DIR]
              Per company and per desk: the whole day, then each hour with calls (the center's time zone, engine.yaml).
              --company / --desk keep only that company's / desk's calls. --sl-seconds: the service-level target T
              (default: service-level-seconds of agent-states.yaml, 20 if unset).
            metrics (a call belongs to the hour and day it entered the engine):
              offered         every call that entered, whatever its outcome (also voicemail, callback, closed, fallback)
              answered        an agent answered
              ab.ivr          the caller hung up in the menus, before reaching a queue (no desk yet: key "(none)")
              ab.queue        the caller hung up waiting in a queue
              abandon%        ab.queue / (answered + ab.queue)
              SL%             answered with wait <= T / (answered + ab.queue with wait > T); callers who hung up within T
                              (short abandons) count in neither; "-" when the divisor is 0
              ASA s           average speed of answer: total queue wait of answered calls / answered
              AHT s           average handle time: total talk time of answered calls / answered (wrap-up not included)
              overflow        step:calls, the calls on which overflow step N was taken (each call once per step)
              Waits and talk times are summed in milliseconds (wait: from joining the queue to answer or hang-up);
              percentages and seconds are rounded half up to one decimal.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Function<DbSettings, Database> opener;

    public ReportCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this(out, err, env, Database::open);
    }

    ReportCommand(PrintStream out, PrintStream err, Map<String, String> env, Function<DbSettings, Database> opener) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.opener = opener;
    }

    /** Runs {@code ivr report ARGS}; returns the exit code. */
    public int run(List<String> argv) {
        Args a = Args.parse("report", argv, Set.of("day", "company", "desk", "format", "sl-seconds", "out", "conf"), Set.of())
                .maxPositionals(0);
        String dayText = a.option("day").orElseThrow(() -> new Args.UsageException("'ivr report' needs --day YYYY-MM-DD, e.g. "
                + "--day 2026-11-23\n" + USAGE));
        LocalDate day;
        try {
            day = LocalDate.parse(dayText);
        } catch (DateTimeParseException e) {
            throw new Args.UsageException("option --day takes YYYY-MM-DD, e.g. 2026-11-23; got '" + dayText + "'");
        }
        String format = a.option("format").orElse("table");
        if (!List.of("table", "csv").contains(format)) {
            throw new Args.UsageException("option --format takes table or csv; got '" + format + "'");
        }
        Integer sl = null;
        if (a.option("sl-seconds").isPresent()) {
            String v = a.option("sl-seconds").get();
            if (!v.matches("\\d{1,4}") || Integer.parseInt(v) > 3600) {
                throw new Args.UsageException("option --sl-seconds takes a whole number 0..3600; got '" + v + "'");
            }
            sl = Integer.parseInt(v);
        }
        Path dir = Path.of(a.option("conf").orElse(Main.defaultConf(env, "conf")));
        CenterConfig cfg = null;
        AgentStatesConfig states = null;
        List<Problem> problems = new ArrayList<>();
        try {
            cfg = ConfigLoader.load(dir, env);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            states = AgentStatesYaml.load(dir, env);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            err.println("ivr report: " + problems.size() + " problem(s) in " + dir + ":");
            problems.forEach(p -> err.println("  " + p));
            return 1;
        }
        Optional<String> company = a.option("company");
        Optional<String> desk = a.option("desk");
        if (company.isPresent() && !cfg.companies().containsKey(company.get())) {
            err.println("ivr report: note: company '" + company.get() + "' is not in companies.yaml (any calls recorded for it are shown)");
        }
        if (desk.isPresent() && !cfg.desks().containsKey(desk.get())) {
            err.println("ivr report: note: desk '" + desk.get() + "' is not in desks.yaml (any calls recorded for it are shown)");
        }
        int target = sl != null ? sl : states.serviceLevelSeconds();
        ZoneId zone = cfg.engine().timeZone();
        EngineSettings s = cfg.engine();
        DbSettings dbs = DbSettings.of(s, 2);
        try (Database db = opener.apply(dbs)) {
            List<ReportCall> calls = new ReportStore(db.dataSource()).calls(TrafficReport.dayStart(day, zone).toInstant(),
                    TrafficReport.dayStart(day.plusDays(1), zone).toInstant(), company, desk);
            TrafficReport report = TrafficReport.of(calls, day, zone, target);
            String text = format.equals("csv") ? ReportFormat.csv(report) : ReportFormat.table(report);
            if (a.option("out").isPresent()) {
                Path file = Path.of(a.option("out").get());
                Files.writeString(file, text, StandardCharsets.UTF_8);
                out.println("ivr report: wrote " + report.rows().size() + " rows of " + day + " as " + format + " to " + file);
            } else {
                out.print(text);
            }
            return 0;
        } catch (SQLException | RuntimeException e) {
            err.println("ivr report: database error (" + (dbs.isEmbedded() ? "embedded H2 " + s.embeddedDbPath() : "MariaDB") + "): "
                    + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("ivr report: cannot write: " + e.getMessage());
            return 1;
        }
    }
}
