package ascc.core.cli;

import ascc.agi.AgiChannel;
import ascc.agi.AgiRequest;
import ascc.agi.flows.InboundFlow;
import ascc.agi.testing.FakeAgiChannel;
import ascc.core.Engine;
import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.core.recordings.PromptsCommand;
import ascc.routing.Phones;
import ascc.routing.RouteDecision;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.ConfigException;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.ConfigPrinter;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The {@code ivr} command line. Exit codes: 0 success, 1 the work failed (config problems, engine
 * start failure), 2 usage error.
 */
public final class Main {
    private static final String USAGE = """
            usage: ivr COMMAND [OPTIONS]

            commands:
              check-config [DIR]                       validate conf/ (or DIR); every problem as file:line: key: message
              asterisk-config --out DIR [--conf DIR]   render pjsip/extensions/queues/manager.conf for Asterisk
                              [--print]                 ... or print them (secrets masked) instead of writing
              run [--conf DIR]                         run the engine until SIGTERM / Ctrl-C
              call-help [--conf DIR]                   how to place a test call, softphone settings
              route --number N [--digits 101,2,1]      dry run of the inbound menus against the real rules: prints
                    [--at 2026-11-23T10:15]             the decision and the rules that made it; each --digits group
                    [--caller 0101234567] [--conf DIR]  answers one menu; --at is local time (default now)
              reload [--conf DIR]                      ask the running engine (HTTP address and admin token from
                                                        DIR's engine.yaml) to reload its rules; prints the summary
                                                        or every problem as file:line: key: message
              prompts check [--conf DIR]               check every prompt file recordings.yaml refers to
              billing close|statement|deposit ...      monthly billing (ivr billing for its options)
              campaign import|status|start|pause|...  outbound campaigns: targets, run state, progress (ivr campaign)
              report --day 2026-11-23 [--company X]    traffic per company and desk, by day and hour: offered, answered,
                     [--desk D] [--format table|csv]   abandoned, service level, ASA, AHT, overflow (ivr report for more)
              followup list|solve ...                  follow-up tasks of low happy-call scores (ivr followup for options)
              help                                     this text
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;

    public Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this(out, err, env, Clock.systemUTC());
    }

    /** With the clock {@code ivr route} uses when no {@code --at} is given. */
    public Main(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
    }

    public static void main(String[] argv) {
        int code = new Main(System.out, System.err, System.getenv()).execute(Arrays.asList(argv));
        if (code != 0 || argv.length == 0 || !"run".equals(argv[0])) {
            System.exit(code);
        }
    }

    /** Runs one command; returns the exit code. */
    public int execute(List<String> argv) {
        if (argv.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        String command = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        try {
            return switch (command) {
                case "check-config" -> checkConfig(Args.parse(command, rest, Set.of(), Set.of()).maxPositionals(1));
                case "asterisk-config" -> asteriskConfig(Args.parse(command, rest, Set.of("out", "conf"), Set.of("print"))
                        .maxPositionals(0));
                case "run" -> run(Args.parse(command, rest, Set.of("conf"), Set.of()).maxPositionals(0));
                case "call-help" -> callHelp(Args.parse(command, rest, Set.of("conf"), Set.of()).maxPositionals(0));
                case "route" -> route(Args.parse(command, rest, Set.of("number", "digits", "at", "caller", "conf"), Set.of())
                        .maxPositionals(0));
                case "reload" -> reload(Args.parse(command, rest, Set.of("conf"), Set.of()).maxPositionals(0));
                case "prompts" -> new PromptsCommand(out, err, env).run(Args.parse(command, rest, Set.of("conf"), Set.of())
                        .maxPositionals(1).positionals().stream().findFirst().orElse("check"), confDir(Args.parse(command, rest,
                        Set.of("conf"), Set.of()), "conf"));
                case "billing" -> new BillingCommand(out, err, env, clock).run(rest);
                case "campaign" -> new CampaignCommand(out, err, env, clock).run(rest);
                case "report" -> new ReportCommand(out, err, env).run(rest);
                case "followup" -> new FollowUpCommand(out, err, env, clock).run(rest);
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new Args.UsageException("unknown command '" + command
                        + "' (allowed: check-config, asterisk-config, run, call-help, route, reload, prompts, billing, help)");
            };
        } catch (Args.UsageException e) {
            err.println("ivr: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }

    private Path confDir(Args a, String fallback) {
        return Path.of(a.option("conf").orElse(defaultConf(fallback)));
    }

    /** {@code conf} in the current directory, else in the installation the launcher names ({@code ASCC_HOME}). */
    private String defaultConf(String fallback) {
        return defaultConf(env, fallback);
    }

    /** {@code fallback} (e.g. {@code conf}) in the current directory, else in the installation at {@code ASCC_HOME}. */
    static String defaultConf(Map<String, String> env, String fallback) {
        String home = env.get("ASCC_HOME");
        if (Files.isDirectory(Path.of(fallback)) || home == null || home.isBlank()) {
            return fallback;
        }
        return Path.of(home).resolve(fallback).toString();
    }

    private CenterConfig load(Path dir) throws ConfigException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(List.of(new Problem(dir.toString(), 0, "", "config directory does not exist")));
        }
        return ConfigLoader.load(dir, env);
    }

    private int report(ConfigException e, Path dir) {
        err.println("ivr: " + e.problems().size() + " problem(s) in " + dir + ":");
        for (Problem p : e.problems()) {
            err.println("  " + p);
        }
        return 1;
    }

    private int checkConfig(Args a) {
        Path dir = Path.of(a.positionals().isEmpty() ? defaultConf("conf") : a.positionals().get(0));
        try {
            // every file of the directory through the config registry: all problems of all files at once
            ascc.core.config.Conf conf = ascc.core.config.Conf.load(dir, env);
            CenterConfig cfg = conf.center();
            out.println("ivr: overflow steps for desks " + conf.overflow().steps().keySet());
            out.println("ivr: " + dir + " is valid: " + cfg.companies().size() + " companies, " + cfg.desks().size() + " desks, "
                    + cfg.agents().size() + " agents, " + conf.campaigns().campaigns().size() + " campaigns");
            out.print(ConfigPrinter.print(cfg));
            return 0;
        } catch (ConfigException e) {
            return report(e, dir);
        }
    }

    private int asteriskConfig(Args a) {
        Path dir = confDir(a, "conf");
        boolean print = a.flag("print");
        if (a.option("out").isEmpty() && !print) {
            throw new Args.UsageException("'ivr asterisk-config' needs --out DIR (or --print)");
        }
        try {
            AsteriskConfigRenderer r = new AsteriskConfigRenderer(load(dir));
            if (print) {
                r.renderMasked().forEach((name, text) -> {
                    out.println(";; ===== " + name);
                    out.print(text);
                });
                return 0;
            }
            Path outDir = Path.of(a.option("out").get());
            List<String> changed = r.writeTo(outDir);
            out.println("ivr: rendered " + r.files().keySet() + " into " + outDir + "; changed: "
                    + (changed.isEmpty() ? "none" : changed));
            return 0;
        } catch (ConfigException e) {
            return report(e, dir);
        } catch (IllegalArgumentException e) {
            err.println("ivr: cannot render Asterisk config from " + dir + ": " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("ivr: cannot write Asterisk config: " + e.getMessage());
            return 1;
        }
    }

    private int callHelp(Args a) {
        Path dir = confDir(a, "conf");
        try {
            CenterConfig cfg = load(dir);
            var s = cfg.engine();
            String sip = s.sipBind() + ":" + s.sipPort();
            Company first = cfg.companies().values().iterator().next();
            String number = first.numbers().isEmpty() ? s.sharedNumbers().get(0) : first.numbers().get(0);
            out.println();
            out.println("== Place a call ==");
            out.println("A customer (SIPp, 20 s call) calling " + first.name() + " on " + number + ":");
            out.println("  sipp -sn uac -s " + number + " " + sip + " -m 1 -d 45000 -i 127.0.0.1 -p 5099");
            out.println("SIPp's built-in caller keys no digits: each menu (product, inquiry) waits for its timeout and then");
            out.println("takes its default, so the call reaches a desk after about 25 s (or the after-hours choice when");
            out.println("the company is closed). A softphone caller keys 1 at each menu instead.");
            if (!s.sharedNumbers().isEmpty()) {
                out.println("The shared number is " + s.sharedNumbers().get(0) + ".");
            }
            out.println();
            out.println("== Answer as an agent (softphone, e.g. Linphone, MicroSIP, Zoiper) ==");
            out.println("  SIP server / domain: " + sip + " (UDP)");
            for (Agent ag : cfg.agents().values()) {
                out.println("  user " + ag.id() + " (" + ag.name() + ", desks " + ag.skills() + ")");
            }
            out.println("  password: the agent's 'password' in " + dir.resolve("agents.yaml") + " (not printed here)");
            out.println("A call rings the most proficient free agent of the company's desk. Health: http://"
                    + s.httpBind() + ":" + s.httpPort() + "/health");
            out.println();
            return 0;
        } catch (ConfigException e) {
            return report(e, dir);
        }
    }

    private int run(Args a) {
        Path dir = confDir(a, "conf");
        Engine engine;
        try {
            engine = Engine.start(new Engine.Options(dir, env, java.time.Clock.systemUTC(), defaultNode()));
        } catch (ConfigException e) {
            return report(e, dir);
        } catch (IOException | RuntimeException e) {
            err.println("ivr: engine failed to start: " + e.getMessage());
            e.printStackTrace(err);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close();
            stopped.countDown();
        }, "shutdown"));
        out.println("ivr: engine running (FastAGI port " + engine.agiPort() + ", HTTP port " + engine.httpPort()
                + "); SIGTERM or Ctrl-C stops it");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------ reload

    /**
     * POSTs {@code /api/config/reload} to the engine the config in DIR describes: 200 prints the applied summary (exit 0), 422
     * prints the problems (exit 1, the engine kept its rules), no answer prints "engine not reachable" (exit 1).
     */
    private int reload(Args a) {
        Path dir = confDir(a, "conf");
        EngineSettings s;
        try {
            // only engine.yaml: an invalid edit elsewhere is exactly what the engine should report
            s = ConfigLoader.loadEngine(dir, env);
        } catch (ConfigException e) {
            err.println("ivr: cannot read the engine's address and admin token from " + dir + " (the running engine was not asked):");
            e.problems().forEach(p -> err.println("  " + p));
            return 1;
        }
        String host = "0.0.0.0".equals(s.httpBind()) || "::".equals(s.httpBind()) ? "127.0.0.1" : s.httpBind();
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + s.httpPort() + "/api/config/reload";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + s.adminToken().reveal())
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("ivr: engine not reachable at " + url + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is it running with the config in " + dir + "?");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ivr: interrupted while waiting for the engine at " + url);
            return 1;
        }
        String body = response.body().endsWith("\n") ? response.body() : response.body() + "\n";
        switch (response.statusCode()) {
            case 200 -> {
                out.print("ivr: " + body);
                return 0;
            }
            case 422 -> {
                err.print("ivr: " + body);
                return 1;
            }
            case 401, 403 -> {
                err.println("ivr: the engine at " + url + " refused the admin token from " + dir + " (HTTP " + response.statusCode()
                        + "); is the engine running with another token?");
                return 1;
            }
            default -> {
                err.print("ivr: unexpected answer from " + url + ": HTTP " + response.statusCode() + ": " + body);
                return 1;
            }
        }
    }

    // ------------------------------------------------------------------------------------ route (dry run)

    private int route(Args a) {
        String number = a.option("number").orElseThrow(() -> new Args.UsageException(
                "'ivr route' needs --number N, the dialed number, e.g. --number 15880000"));
        if (!number.matches("[0-9]{1,20}")) {
            throw new Args.UsageException("option --number takes 1 to 20 digits, e.g. --number 15880000; got '" + number + "'");
        }
        List<String> answers = List.of();
        if (a.option("digits").isPresent()) {
            String digits = a.option("digits").get();
            if (!digits.matches("[0-9*#]*(,[0-9*#]*)*")) {
                throw new Args.UsageException("option --digits takes comma-separated DTMF groups (0-9, *, #), one per menu"
                        + " answer, e.g. --digits 101,2,1; got '" + digits + "'");
            }
            answers = Arrays.asList(digits.split(",", -1));
        }
        String caller = a.option("caller").orElse("");
        if (!caller.matches("\\+?[0-9]{0,20}")) {
            throw new Args.UsageException("option --caller takes the caller's number (digits), e.g. --caller 01012345678");
        }
        LocalDateTime localAt = null;
        if (a.option("at").isPresent()) {
            try {
                localAt = LocalDateTime.parse(a.option("at").get());
            } catch (DateTimeParseException e) {
                throw new Args.UsageException("option --at takes local time in the center's time zone, e.g. --at 2026-11-23T10:15;"
                        + " got '" + a.option("at").get() + "'");
            }
        }
        Path dir = confDir(a, "conf");
        CenterConfig cfg;
        try {
            cfg = load(dir);
        } catch (ConfigException e) {
            return report(e, dir);
        }
        ZoneId zone = cfg.engine().timeZone();
        Instant at = localAt == null ? clock.instant() : localAt.atZone(zone).toInstant();

        DryRunCaller ch = new DryRunCaller(FakeAgiChannel.request(AgiScripts.INBOUND, caller, number), answers);
        List<RouteDecision> decisions = new ArrayList<>();
        List<String> abandoned = new ArrayList<>();
        InboundFlow.Listener listener = new InboundFlow.Listener() {
            @Override
            public void routed(AgiRequest request, RouteDecision decision, Instant when) {
                decisions.add(decision);
            }

            @Override
            public void abandoned(AgiRequest request, String step, Instant when) {
                abandoned.add(step);
            }
        };
        new InboundFlow(() -> cfg, Clock.fixed(at, zone), listener).run(ch);

        ZonedDateTime local = at.atZone(zone);
        out.println("ivr route: number " + number + (caller.isEmpty() ? "" : " from " + Phones.mask(caller)) + " at "
                + local.toLocalDateTime() + " " + zone + " (" + local.getDayOfWeek().toString().substring(0, 3).toLowerCase(Locale.ROOT)
                + "), rules from " + dir);
        out.println("menus:");
        ch.transcript().forEach(line -> out.println("  " + line));
        if (ch.unused() > 0) {
            out.println("  (" + ch.unused() + " --digits group(s) not asked for)");
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

    /**
     * A {@link FakeAgiChannel} whose caller answers each GET DATA with the next {@code --digits} group (ended with
     * {@code #} when shorter than the menu's maximum); an empty group or no group left is no input.
     */
    private static final class DryRunCaller implements AgiChannel {
        private final FakeAgiChannel fake;
        private final List<String> answers;
        private final List<String> transcript = new ArrayList<>();
        private int next;

        DryRunCaller(AgiRequest request, List<String> answers) {
            this.fake = new FakeAgiChannel(request);
            this.answers = answers;
        }

        List<String> transcript() {
            return transcript;
        }

        int unused() {
            return answers.size() - next;
        }

        String variable(String name) {
            return fake.variable(name);
        }

        Map<String, String> variables() {
            return fake.variables();
        }

        @Override
        public AgiRequest request() {
            return fake.request();
        }

        @Override
        public void answer() {
            fake.answer();
            transcript.add("ANSWER");
        }

        @Override
        public String getVariable(String name) {
            return fake.getVariable(name);
        }

        @Override
        public void setVariable(String name, String value) {
            fake.setVariable(name, value);
        }

        @Override
        public char streamFile(String file, String escapeDigits) {
            transcript.add("play " + file);
            return fake.streamFile(file, escapeDigits);
        }

        /** Queues the next --digits group as the caller's answer to a menu of {@code maxDigits} digits. */
        private void answerNext(int maxDigits) {
            String group = next < answers.size() ? answers.get(next++) : "";
            if (group.isEmpty()) {
                fake.timeoutNext();
            } else {
                fake.pressDigits(group.length() < maxDigits ? group + "#" : group);
            }
        }

        @Override
        public String getData(String prompt, long timeoutMillis, int maxDigits) {
            answerNext(maxDigits);
            String got = fake.getData(prompt, timeoutMillis, maxDigits);
            transcript.add("ask " + prompt + " (max " + maxDigits + ") -> " + (got == null ? "no input" : "\"" + got + "\""));
            return got;
        }

        @Override
        public char waitForDigit(long timeoutMillis) {
            return fake.waitForDigit(timeoutMillis);
        }

        @Override
        public int exec(String application, String options) {
            if (!"Read".equals(application) || options == null) {
                return fake.exec(application, options);
            }
            // a multi-file menu: Read(VAR,files,maxdigits,...) answered like GET DATA
            String[] args = options.split(",", -1);
            int maxDigits = args.length > 2 && args[2].matches("[0-9]+") ? Integer.parseInt(args[2]) : 0;
            answerNext(maxDigits <= 0 ? Integer.MAX_VALUE : maxDigits);
            int result = fake.exec(application, options);
            String got = args.length > 1 ? fake.variable(args[0]) : null;
            transcript.add("ask " + (args.length > 1 ? args[1] : "?") + " (max " + maxDigits + ") -> "
                    + (got == null || got.isEmpty() ? "no input" : "\"" + got + "\""));
            return result;
        }

        @Override
        public void verbose(String message, int level) {
            fake.verbose(message, level);
        }
    }

    private static String defaultNode() {
        return Engine.Options.defaults(Path.of(".")).nodeName();
    }
}
