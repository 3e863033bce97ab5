package ascc.core.cli;

import ascc.core.Engine;
import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.ConfigException;
import ascc.routing.config.ConfigLoader;
import ascc.routing.config.ConfigPrinter;
import ascc.routing.config.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

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
              help                                     this text
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
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
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new Args.UsageException("unknown command '" + command
                        + "' (allowed: check-config, asterisk-config, run, call-help, help)");
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
            CenterConfig cfg = load(dir);
            out.println("ivr: " + dir + " is valid: " + cfg.companies().size() + " companies, " + cfg.desks().size() + " desks, "
                    + cfg.agents().size() + " agents");
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
            out.println("  sipp -sn uac -s " + number + " " + sip + " -m 1 -d 20000 -i 127.0.0.1 -p 5099");
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

    private static String defaultNode() {
        return Engine.Options.defaults(Path.of(".")).nodeName();
    }
}
