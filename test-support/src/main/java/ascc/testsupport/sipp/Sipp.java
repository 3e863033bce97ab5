package ascc.testsupport.sipp;

import ascc.testsupport.pii.HarnessMasking;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@code sipp} binary (Debian package sip-tester 3.6.1) with a scenario and collects the outcome.
 *
 * <pre>{@code
 * SippResult r = Sipp.builder()
 *     .scenarioXml("customer", Sipp.customerCallScenario("12", Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(2)))
 *     .remote("127.0.0.1", 5060).service("1588").calls(1)
 *     .timeout(Duration.ofSeconds(30))
 *     .run();
 * assertTrue(r.allSucceeded(), r.describe());
 * }</pre>
 *
 * Each run gets its own working directory (scenario copy, screen file, statistics csv, error log), kept for
 * inspection. Output files are given fixed names there: {@code screen.log}, {@code stats.csv}, {@code errors.log}.
 */
public final class Sipp {

    /** Where sip-tester installs the RFC 2833/4733 DTMF pcaps (dtmf_2833_0.pcap .. _9, _star, _pound). */
    public static final Path DTMF_PCAP_DIR = Path.of("/usr/share/sip-tester");

    private static final Logger LOG = LoggerFactory.getLogger(Sipp.class);
    private static final int TAIL_LINES = 30;

    private Sipp() {
    }

    /** The sipp binary on the PATH (or /usr/bin/sipp), if installed. */
    public static Optional<Path> binary() {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "/usr/local/bin:/usr/bin:/bin");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.add("/usr/bin");
        for (String dir : dirs) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, "sipp");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether a sipp binary is available. */
    public static boolean isInstalled() {
        return binary().isPresent();
    }

    /** A new run description. */
    public static Builder builder() {
        return new Builder();
    }

    /** Text of a classpath resource, e.g. {@code "sipp/customer-call.xml"}. */
    public static String resource(String name) {
        try (InputStream in = Sipp.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + name, e);
        }
    }

    /**
     * A UAC scenario for one customer call: INVITE to {@code [service]}, ACK the 200, wait {@code beforeDigits},
     * play each DTMF digit (RFC 4733 pcaps, {@code betweenDigits} apart), hold {@code hold}, then BYE.
     * See {@link CustomerCall} for caller number, extra headers and other endings.
     */
    public static String customerCallScenario(String digits, Duration beforeDigits, Duration betweenDigits, Duration hold) {
        return CustomerCall.of(digits, beforeDigits, betweenDigits, hold).toXml();
    }

    /** The scenario XML for a customer call description. */
    public static String customerCallScenario(CustomerCall call) {
        return call.toXml();
    }

    /** Options of one SIPp run; {@link #run()} blocks, {@link #start()} returns a handle. */
    public static final class Builder {
        private Path scenarioFile;
        private String scenarioName;
        private String scenarioXml;
        private String builtin;
        private String remote;
        private String service;
        private Integer calls;
        private Double rate;
        private Duration ratePeriod;
        private Integer limit;
        private Integer localPort;
        private String localIp = "127.0.0.1";
        private String mediaIp;
        private Integer mediaPort;
        private String authUser;
        private String authPassword;
        private boolean traceErr = true;
        private boolean traceStat = true;
        private final List<String[]> keys = new ArrayList<>();
        private final List<String[]> sets = new ArrayList<>();
        private final List<String> extraArgs = new ArrayList<>();
        private Duration timeout = Duration.ofSeconds(60);
        private Path workDir;

        private Builder() {
        }

        /** Scenario from the classpath, e.g. {@code "sipp/customer-call.xml"} (copied into the work dir). */
        public Builder scenarioResource(String classpathName) {
            String fileName = Path.of(classpathName).getFileName().toString();
            return scenarioXml(fileName.replaceFirst("\\.xml$", ""), resource(classpathName));
        }

        /** Scenario file on disk (-sf). */
        public Builder scenarioFile(Path file) {
            this.scenarioFile = file;
            this.scenarioXml = null;
            this.builtin = null;
            return this;
        }

        /** Scenario text, written as {@code name.xml} in the work dir (-sf). */
        public Builder scenarioXml(String name, String xml) {
            this.scenarioName = name;
            this.scenarioXml = xml;
            this.scenarioFile = null;
            this.builtin = null;
            return this;
        }

        /** One of SIPp's embedded scenarios, e.g. "uac", "uas" (-sn). */
        public Builder builtin(String name) {
            this.builtin = name;
            this.scenarioFile = null;
            this.scenarioXml = null;
            return this;
        }

        /** The peer to send to (UAC). Not needed for a UAS. */
        public Builder remote(String host, int port) {
            this.remote = host + ":" + port;
            return this;
        }

        /** -s: user part of the request URI ({@code [service]}). */
        public Builder service(String value) {
            this.service = value;
            return this;
        }

        /** -m: stop after this many calls. */
        public Builder calls(int value) {
            this.calls = value;
            return this;
        }

        /** -r: calls per rate period. */
        public Builder rate(double callsPerPeriod) {
            this.rate = callsPerPeriod;
            return this;
        }

        /** -rp: rate period. */
        public Builder ratePeriod(Duration period) {
            this.ratePeriod = period;
            return this;
        }

        /** -l: maximum simultaneous calls. */
        public Builder limit(int value) {
            this.limit = value;
            return this;
        }

        /** -p: local SIP port. */
        public Builder localPort(int value) {
            this.localPort = value;
            return this;
        }

        /** -i: local IP for Via/Contact/From (default 127.0.0.1); also -mi unless {@link #mediaIp} is set. */
        public Builder localIp(String value) {
            this.localIp = value;
            return this;
        }

        /** -mi: media IP ({@code [media_ip]}); defaults to the local IP. */
        public Builder mediaIp(String value) {
            this.mediaIp = value;
            return this;
        }

        /** -mp: local RTP port ({@code [media_port]}). */
        public Builder mediaPort(int value) {
            this.mediaPort = value;
            return this;
        }

        /** -au / -ap: credentials for {@code [authentication]}. */
        public Builder auth(String user, String password) {
            this.authUser = user;
            this.authPassword = password;
            return this;
        }

        /** -key name value: keyword {@code [name]} in messages. */
        public Builder key(String name, String value) {
            keys.add(new String[] {name, value});
            return this;
        }

        /** -set name value: global variable {@code [$name]} (declare it with {@code <Global variables="name"/>}). */
        public Builder set(String name, String value) {
            sets.add(new String[] {name, value});
            return this;
        }

        /** -trace_err (default on): unexpected messages go to errors.log. */
        public Builder traceErr(boolean on) {
            this.traceErr = on;
            return this;
        }

        /** -trace_stat (default on): statistics go to stats.csv. */
        public Builder traceStat(boolean on) {
            this.traceStat = on;
            return this;
        }

        /** More raw arguments, appended before the remote host. */
        public Builder args(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** How long {@link #run()} / {@link Running#await()} wait before killing SIPp (default 60 s). */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** Working directory (default: a new temp dir). */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** The command line for a run in {@code dir} (the scenario path is resolved there). */
        public List<String> command(Path dir) {
            List<String> cmd = new ArrayList<>();
            cmd.add(binary().map(Path::toString).orElse("sipp"));
            if (builtin != null) {
                cmd.addAll(List.of("-sn", builtin));
            } else if (scenarioFile != null) {
                cmd.addAll(List.of("-sf", scenarioFile.toAbsolutePath().toString()));
            } else if (scenarioXml != null) {
                cmd.addAll(List.of("-sf", dir.resolve(scenarioName + ".xml").toString()));
            } else {
                throw new IllegalStateException("no scenario: call scenarioResource, scenarioFile, scenarioXml or builtin");
            }
            cmd.addAll(List.of("-i", localIp, "-mi", mediaIp != null ? mediaIp : localIp));
            addIf(cmd, "-p", localPort);
            addIf(cmd, "-mp", mediaPort);
            addIf(cmd, "-s", service);
            addIf(cmd, "-m", calls);
            if (rate != null) {
                cmd.addAll(List.of("-r", formatRate(rate)));
            }
            if (ratePeriod != null) {
                cmd.addAll(List.of("-rp", ratePeriod.toMillis() + "ms"));
            }
            addIf(cmd, "-l", limit);
            if (authUser != null) {
                cmd.addAll(List.of("-au", authUser, "-ap", authPassword));
            }
            for (String[] kv : keys) {
                cmd.addAll(List.of("-key", kv[0], kv[1]));
            }
            for (String[] kv : sets) {
                cmd.addAll(List.of("-set", kv[0], kv[1]));
            }
            cmd.addAll(List.of("-nostdin", "-trace_screen", "-screen_file", dir.resolve("screen.log").toString()));
            if (traceErr) {
                cmd.addAll(List.of("-trace_err", "-error_file", dir.resolve("errors.log").toString()));
            }
            if (traceStat) {
                cmd.addAll(List.of("-trace_stat", "-stf", dir.resolve("stats.csv").toString()));
            }
            cmd.addAll(extraArgs);
            if (remote != null) {
                cmd.add(remote);
            }
            return cmd;
        }

        /** Runs SIPp and waits for it (up to the timeout). */
        public SippResult run() {
            return start().await();
        }

        /** Starts SIPp in the background (e.g. a UAS that must be up before the test sends to it). */
        public Running start() {
            Path binary = binary().orElseThrow(() -> new IllegalStateException(
                "sipp is not installed: apt-get install -y sip-tester"));
            try {
                Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("sipp-");
                if (scenarioXml != null) {
                    Files.writeString(dir.resolve(scenarioName + ".xml"), scenarioXml, StandardCharsets.ISO_8859_1);
                }
                List<String> cmd = command(dir);
                LOG.info("starting {} in {}: {}", binary, dir, HarnessMasking.mask(String.join(" ", cmd)));
                Process process = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .redirectError(dir.resolve("stderr.log").toFile())
                    .start();
                return new Running(process, dir, cmd, timeout, System.nanoTime());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start sipp (" + binary + ")", e);
            }
        }

        private static void addIf(List<String> cmd, String flag, Object value) {
            if (value != null) {
                cmd.addAll(List.of(flag, value.toString()));
            }
        }

        private static String formatRate(double value) {
            return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
        }
    }

    /** A SIPp process started by {@link Builder#start()}. Closing it kills SIPp if it still runs. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final Path dir;
        private final List<String> command;
        private final Duration timeout;
        private final long startedNanos;
        private SippResult result;

        private Running(Process process, Path dir, List<String> command, Duration timeout, long startedNanos) {
            this.process = process;
            this.dir = dir;
            this.command = command;
            this.timeout = timeout;
            this.startedNanos = startedNanos;
        }

        /** The working directory of this run. */
        public Path workDir() {
            return dir;
        }

        /** Whether SIPp still runs. */
        public boolean isAlive() {
            return process.isAlive();
        }

        /**
         * Asks SIPp for its smooth exit (SIGUSR1, as its {@code q} key): no new calls are placed, the calls up end as the
         * scenario says, then SIPp exits. A steady load whose length is set by what happens meanwhile ends this way.
         */
        public void stopPlacingCalls() {
            if (!process.isAlive()) {
                return;
            }
            try {
                Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).inheritIO().start();
                if (kill.waitFor() != 0) {
                    throw new IllegalStateException("kill -USR1 " + process.pid() + " failed (dir " + dir + ")");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot signal sipp " + process.pid(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted signalling sipp " + process.pid(), e);
            }
        }

        /** Waits up to the builder's timeout (measured from start), killing SIPp if it is still running then. */
        public SippResult await() {
            Duration left = timeout.minusNanos(System.nanoTime() - startedNanos);
            return await(left.isNegative() ? Duration.ZERO : left);
        }

        /** Waits up to {@code wait}, killing SIPp if it is still running then. */
        public synchronized SippResult await(Duration wait) {
            if (result != null) {
                return result;
            }
            boolean timedOut = false;
            try {
                if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut = true;
                    LOG.warn("sipp still running after {} ms, stopping it (dir {})", wait.toMillis(), dir);
                    stop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted waiting for sipp (dir " + dir + ")", e);
            }
            result = collect(timedOut);
            LOG.info("sipp finished: {}", HarnessMasking.mask(result.describe()));
            return result;
        }

        private void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        }

        private SippResult collect(boolean timedOut) {
            long[] counts = SippStats.fromScreen(read(dir.resolve("screen.log")));
            if (counts[0] < 0) {
                counts = SippStats.fromScreen(read(dir.resolve("stdout.log")));
            }
            if (counts[0] < 0) {
                counts = SippStats.fromCsv(read(dir.resolve("stats.csv")));
            }
            int exit = process.isAlive() ? -1 : process.exitValue();
            return new SippResult(exit, timedOut, counts[0], counts[1], tail(read(dir.resolve("stderr.log"))),
                tail(read(dir.resolve("errors.log"))), dir, command, Duration.ofNanos(System.nanoTime() - startedNanos));
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                try {
                    stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    process.destroyForcibly();
                }
            }
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            LOG.warn("cannot read sipp output {}", file, e);
            return "";
        }
    }

    static String tail(String text) {
        try (Stream<String> lines = text.lines()) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - TAIL_LINES), all.size()));
        }
    }
}
