package ascc.core.cli;

import ascc.core.config.yaml.AgentStatesYaml;
import ascc.core.config.yaml.ConfigLoader;
import ascc.core.db.Database;
import ascc.core.report.ReportFormat;
import ascc.core.report.ReportStore;
import ascc.core.selfservice.SelfServiceStore;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import ascc.routing.report.ReportCall;
import ascc.routing.report.TrafficReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ivr report --day D}: the traffic report of one day from {@code call_record} and {@code call_overflow_step}, per
 * company and per desk, for the whole day and each hour. Exit codes as {@link Main}: 0 done, 1 config or database problem,
 * 2 usage error.
 */
@Command(name = "report", description = {"traffic per company and desk, by day and hour: offered, answered, abandoned, service"
        + " level, ASA, AHT, overflow", "The whole day, then each hour with calls (the center's time zone, engine.yaml)."},
        footer = {"", ReportCommand.METRICS})
final class ReportCommand implements Callable<Integer> {
    /** Callback requests from outside a call that day, per channel and status (web, SMS, e-mail; issue #15). */
    private void printChannels(Database db, java.time.LocalDate day, ZoneId zone) throws SQLException {
        List<ascc.core.webcallbacks.WebCallbackStore.ChannelRow> rows = new ascc.core.webcallbacks.WebCallbackStore(db.dataSource())
                .byChannel(TrafficReport.dayStart(day, zone).toInstant(), TrafficReport.dayStart(day.plusDays(1), zone).toInstant());
        if (rows.isEmpty()) {
            return;
        }
        ctx.out().println();
        ctx.out().println("callback requests by channel (status: requests, merged repeats)");
        for (ascc.core.webcallbacks.WebCallbackStore.ChannelRow r : rows) {
            ctx.out().println("  " + r.channel() + " " + r.status() + ": " + r.requests() + ", merged " + r.merged());
        }
    }

    /** The footer of the usage: what each column means ({@code %%} is a percent sign in picocli's text). */
    static final String METRICS = """
            metrics (a call belongs to the hour and day it entered the engine):
              offered         every call that entered, whatever its outcome (also voicemail, callback, closed, fallback)
              answered        an agent answered
              ab.ivr          the caller hung up in the menus, before reaching a queue (no desk yet: key "(none)")
              ab.queue        the caller hung up waiting in a queue
              abandon%%        ab.queue / (answered + ab.queue)
              SL%%             answered with wait <= T / (answered + ab.queue with wait > T); callers who hung up within T
                              (short abandons) count in neither; "-" when the divisor is 0
              ASA s           average speed of answer: total queue wait of answered calls / answered
              AHT s           average handle time: total talk time of answered calls / answered (wrap-up not included)
              overflow        step:calls, the calls on which overflow step N was taken (each call once per step)
              dispositions    (table only, under it) per desk, code:calls of the disposition codes agents picked on
                              the agent desktop (desks.yaml) for the day's calls
              self-service    (table only, when callers visited it) per company: visits, resolved (heard an item and hung
                              up: outcome SELF_SERVICE), to agent (0 or silence), abandoned (hung up before any item),
                              containment%% = resolved / visits
              Waits and talk times are summed in milliseconds (wait: from joining the queue to answer or hang-up);
              percentages and seconds are rounded half up to one decimal.""";

    private final CliContext ctx;

    @Option(names = "--day", required = true, paramLabel = "YYYY-MM-DD", description = "the day, e.g. 2026-11-23")
    String dayText;

    @Option(names = "--company", paramLabel = "X", description = "only this company's calls")
    Optional<String> company = Optional.empty();

    @Option(names = "--desk", paramLabel = "D", description = "only this desk's calls")
    Optional<String> desk = Optional.empty();

    @Option(names = "--format", paramLabel = "table|csv", description = "default: table")
    String format = "table";

    @Option(names = "--sl-seconds", paramLabel = "N", description = "the service-level target T in seconds, 0..3600"
            + " (default: service-level-seconds of agent-states.yaml, 20 if unset)")
    String slText;

    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of standard output")
    Optional<Path> file = Optional.empty();

    @Mixin
    ConfOption conf;

    ReportCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        LocalDate day;
        try {
            day = LocalDate.parse(dayText);
        } catch (DateTimeParseException e) {
            throw new UsageException("option --day takes YYYY-MM-DD, e.g. 2026-11-23; got '" + dayText + "'");
        }
        if (!List.of("table", "csv").contains(format)) {
            throw new UsageException("option --format takes table or csv; got '" + format + "'");
        }
        Integer sl = null;
        if (slText != null) {
            if (!slText.matches("\\d{1,4}") || Integer.parseInt(slText) > 3600) {
                throw new UsageException("option --sl-seconds takes a whole number 0..3600; got '" + slText + "'");
            }
            sl = Integer.parseInt(slText);
        }
        Path dir = conf.dir(ctx);
        CenterConfig cfg = null;
        AgentStatesConfig states = null;
        List<Problem> problems = new ArrayList<>();
        try {
            cfg = ConfigLoader.load(dir, ctx.env());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            states = AgentStatesYaml.load(dir, ctx.env());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            ctx.problems("ivr report", dir, "", problems);
            return 1;
        }
        if (company.isPresent() && !cfg.companies().containsKey(company.get())) {
            ctx.err().println("ivr report: note: company '" + company.get()
                    + "' is not in companies.yaml (any calls recorded for it are shown)");
        }
        if (desk.isPresent() && !cfg.desks().containsKey(desk.get())) {
            ctx.err().println("ivr report: note: desk '" + desk.get() + "' is not in desks.yaml (any calls recorded for it are shown)");
        }
        int target = sl != null ? sl : states.serviceLevelSeconds();
        ZoneId zone = cfg.engine().timeZone();
        EngineSettings s = cfg.engine();
        try (Database db = ctx.openDatabase(s)) {
            ReportStore store = new ReportStore(db.dataSource());
            java.time.Instant from = TrafficReport.dayStart(day, zone).toInstant();
            java.time.Instant to = TrafficReport.dayStart(day.plusDays(1), zone).toInstant();
            List<ReportCall> calls = store.calls(from, to, company, desk);
            TrafficReport report = TrafficReport.of(calls, day, zone, target);
            String text = format.equals("csv") ? ReportFormat.csv(report) : ReportFormat.table(report);
            if (format.equals("table")) {
                text += ReportFormat.dispositions(store.dispositions(from, to, company, desk));
                text += ReportFormat.containment(new SelfServiceStore(db.dataSource()).containment(from, to, company));
            }
            if (file.isPresent()) {
                Files.writeString(file.get(), text, StandardCharsets.UTF_8);
                ctx.out().println("ivr report: wrote " + report.rows().size() + " rows of " + day + " as " + format + " to "
                        + file.get());
            } else {
                ctx.out().print(text);
                if (!format.equals("csv")) {
                    printChannels(db, day, zone);
                }
            }
            return 0;
        } catch (SQLException | RuntimeException e) {
            ctx.err().println("ivr report: database error (" + CliContext.describeDatabase(s) + "): "
                    + e.getMessage());
            return 1;
        } catch (IOException e) {
            ctx.err().println("ivr report: cannot write: " + e.getMessage());
            return 1;
        }
    }
}
