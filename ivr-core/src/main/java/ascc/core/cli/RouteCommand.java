package ascc.core.cli;

import ascc.agi.AgiRequest;
import ascc.agi.DryRunChannel;
import ascc.agi.flows.InboundFlow;
import ascc.routing.Phones;
import ascc.routing.RouteDecision;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ivr route}: a dry run of the inbound flow against the real rules on a {@link DryRunChannel}; prints the menus,
 * the decision and the rule that made it. Exit 0 with a decision, 1 when the call was abandoned or the config is bad.
 */
@Command(name = "route", description = "dry run of the inbound menus against the real rules: prints the menus, the decision"
        + " and the rules that made it")
final class RouteCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Option(names = "--number", required = true, paramLabel = "N", description = "the dialed number, e.g. 15880000")
    String number;

    @Option(names = "--digits", paramLabel = "D,D,...", description = "the caller's answers: each comma-separated DTMF group"
            + " (0-9, *, #) answers one menu, e.g. 101,2,1; an empty group is no input (default: none)")
    String digits;

    @Option(names = "--at", paramLabel = "TIME", description = "local time in the center's time zone, e.g. 2026-11-23T10:15"
            + " (default: now)")
    String at;

    @Option(names = "--caller", paramLabel = "NUMBER", description = "the caller's number, e.g. 01012345678 (printed masked)")
    String caller = "";

    @Mixin
    ConfOption conf;

    RouteCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!number.matches("[0-9]{1,20}")) {
            throw new UsageException("option --number takes 1 to 20 digits, e.g. --number 15880000; got '" + number + "'");
        }
        List<String> answers = List.of();
        if (digits != null) {
            if (!digits.matches("[0-9*#]*(,[0-9*#]*)*")) {
                throw new UsageException("option --digits takes comma-separated DTMF groups (0-9, *, #), one per menu"
                        + " answer, e.g. --digits 101,2,1; got '" + digits + "'");
            }
            answers = Arrays.asList(digits.split(",", -1));
        }
        if (!caller.matches("\\+?[0-9]{0,20}")) {
            throw new UsageException("option --caller takes the caller's number (digits), e.g. --caller 01012345678");
        }
        LocalDateTime localAt = null;
        if (at != null) {
            try {
                localAt = LocalDateTime.parse(at);
            } catch (DateTimeParseException e) {
                throw new UsageException("option --at takes local time in the center's time zone, e.g. --at 2026-11-23T10:15;"
                        + " got '" + at + "'");
            }
        }
        Path dir = conf.dir(ctx);
        CenterConfig cfg;
        try {
            cfg = ctx.load(dir);
        } catch (ConfigException e) {
            ctx.problems("ivr", dir, "", e.problems());
            return 1;
        }
        ZoneId zone = cfg.engine().timeZone();
        Instant when = localAt == null ? ctx.clock().instant() : localAt.atZone(zone).toInstant();

        DryRunChannel ch = new DryRunChannel(DryRunChannel.request(AgiScripts.INBOUND, caller, number), answers);
        List<RouteDecision> decisions = new ArrayList<>();
        List<String> abandoned = new ArrayList<>();
        InboundFlow.Listener listener = new InboundFlow.Listener() {
            @Override
            public void routed(AgiRequest request, RouteDecision decision, Instant time) {
                decisions.add(decision);
            }

            @Override
            public void abandoned(AgiRequest request, String step, Instant time) {
                abandoned.add(step);
            }
        };
        new InboundFlow(() -> cfg, Clock.fixed(when, zone), listener).run(ch);
        return print(ch, decisions, abandoned, when, zone, dir);
    }

    private int print(DryRunChannel ch, List<RouteDecision> decisions, List<String> abandoned, Instant when, ZoneId zone, Path dir) {
        PrintStream out = ctx.out();
        ZonedDateTime local = when.atZone(zone);
        out.println("ivr route: number " + number + (caller.isEmpty() ? "" : " from " + Phones.mask(caller)) + " at "
                + local.toLocalDateTime() + " " + zone + " (" + local.getDayOfWeek().toString().substring(0, 3).toLowerCase(Locale.ROOT)
                + "), rules from " + dir);
        out.println("menus:");
        ch.transcript().forEach(line -> out.println("  " + line));
        if (ch.unusedAnswers() > 0) {
            out.println("  (" + ch.unusedAnswers() + " --digits group(s) not asked for)");
        }
        if (decisions.isEmpty()) {
            out.println("no decision: the call was abandoned at step " + String.join(", ", abandoned));
            return 1;
        }
        RouteDecision d = decisions.get(0);
        out.println("decision:");
        out.println("  action:   " + ch.variable(ChannelVars.ACTION) + " (" + d.action().name().toLowerCase(Locale.ROOT) + ")");
        out.println("  company:  " + d.company().map(c -> c.id() + " (" + c.name() + ")").orElse("-"));
        out.println("  category: " + d.category().map(c -> c.id()).orElse("-"));
        out.println("  inquiry:  " + d.inquiry().map(t -> t.id()).orElse("-"));
        out.println("  desk:     " + d.desk().id());
        out.println("  queue:    " + d.queueName());
        out.println("  closed:   " + d.closedReason().orElse("-"));
        out.println("rule: " + d.rule());
        out.println("dialplan variables: " + ch.variables().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        return 0;
    }
}
