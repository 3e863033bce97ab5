package ascc.testsupport.agi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays Asterisk against a FastAGI server, for load tests and benchmarks: opens {@code sessions} connections at
 * {@code ratePerSecond}, each sending the AGI environment (dialed number from {@code dialed}, round robin) and answering
 * every command the way Asterisk does:
 * <ul>
 *   <li>at once: {@code ANSWER} {@code 200 result=0}; {@code SET VARIABLE} {@code 200 result=1} (the value is kept);
 *       {@code GET VARIABLE} {@code 200 result=1 (value)} or {@code 200 result=0} when unset; {@code VERBOSE}
 *       {@code 200 result=1}; any other {@code EXEC} {@code 200 result=0};</li>
 *   <li>after {@code playTime} (the caller listening and keying, which is the caller's time, not the engine's):
 *       {@code STREAM FILE} {@code 200 result=0 endpos=8000}; {@code GET DATA} with a company code from {@code codes} when
 *       more than one digit is asked for, else the menu answer; {@code EXEC Read VAR,files,maxdigits,...} sets
 *       {@code VAR} to the menu answer and {@code READSTATUS} to {@code OK}, then {@code 200 result=0};
 *       {@code EXEC SayDigits} {@code 200 result=0}.</li>
 * </ul>
 *
 * <p>Engine latency is measured apart from that: per command, from this driver having written (and flushed) the previous
 * reply, or the environment, to having read the engine's next command line; per session, the sum of those plus the last
 * reply to the engine closing the socket. The playing time is never inside a measurement. Each session's wall time
 * (connect to close, playing included) is reported too.
 *
 * <p>With {@code hold}, every session delays its reply to the server's first command until {@code hold} sessions have
 * reached that point (or {@code holdTimeout} passed), so that many sessions are open on the server at once.
 *
 * <p>{@link #run} opens sessions at a fixed rate (open loop); {@link #runConcurrent} keeps a fixed number of callers busy
 * instead, each starting its next session when the last one ended (closed loop: the sessions/s is the server's).
 * With {@code keepTranscripts} every session's command lines are kept ({@link #transcript}), to compare two servers.
 */
public final class AgiLoadDriver {
    private static final Logger LOG = LoggerFactory.getLogger(AgiLoadDriver.class);
    private static final int MAX_FAILURES_LOGGED = 10;

    /**
     * The AGI secret every session sends as {@code agi_arg_1}, as Asterisk does with the rendered dialplan: the
     * engine under load must be configured with it ({@code agi.secret}).
     */
    public static final String SECRET = "ascc-load-driver-agi-secret";

    /**
     * What to run.
     *
     * @param script the AGI script name in {@code agi_network_script} / {@code agi_request}
     * @param dialed dialed numbers, one per session round robin ({@code agi_extension})
     * @param codes digits answered to a GET DATA of more than one digit (a company code), round robin
     * @param menuAnswer digits answered to a one-digit GET DATA and to every Read (a menu choice)
     * @param playTime how long the caller listens and keys before a STREAM FILE, GET DATA, Read or SayDigits is answered
     */
    public record Config(String host, int port, String script, int sessions, double ratePerSecond, List<String> dialed,
            List<String> codes, String menuAnswer, Duration playTime, Duration connectTimeout, Duration sessionTimeout, boolean hold,
            Duration holdTimeout) {
        public Config {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(script, "script");
            Objects.requireNonNull(menuAnswer, "menuAnswer");
            Objects.requireNonNull(playTime, "playTime");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(sessionTimeout, "sessionTimeout");
            Objects.requireNonNull(holdTimeout, "holdTimeout");
            if (sessions < 1 || ratePerSecond <= 0 || dialed.isEmpty() || codes.isEmpty() || playTime.isNegative()) {
                throw new IllegalArgumentException("need sessions >= 1, rate > 0, some numbers and codes and playTime >= 0, got "
                    + sessions + ", " + ratePerSecond + ", " + dialed.size() + " numbers, " + codes.size() + " codes, playTime "
                    + playTime);
            }
            dialed = List.copyOf(dialed);
            codes = List.copyOf(codes);
        }

        /**
         * {@code sessions} of {@code script} to one number at {@code ratePerSecond}, answering "1" everywhere, no playing time,
         * 2 s connect timeout (Asterisk's own limit for reaching a FastAGI server), 30 s session timeout, no hold.
         */
        public static Config of(String host, int port, String script, int sessions, double ratePerSecond, String dialed) {
            return new Config(host, port, script, sessions, ratePerSecond, List.of(dialed), List.of("1"), "1", Duration.ZERO,
                Duration.ofSeconds(2), Duration.ofSeconds(30), false, Duration.ofSeconds(60));
        }

        public Config withPlayTime(Duration time) {
            return new Config(host, port, script, sessions, ratePerSecond, dialed, codes, menuAnswer, time, connectTimeout,
                sessionTimeout, hold, holdTimeout);
        }

        public Config withHold(boolean on, Duration timeout) {
            return new Config(host, port, script, sessions, ratePerSecond, dialed, codes, menuAnswer, playTime, connectTimeout,
                sessionTimeout, on, timeout);
        }
    }

    /**
     * Latency percentiles in microseconds.
     *
     * @param count how many values
     */
    public record Percentiles(int count, long p50, long p99, long p999, long max) {
        static Percentiles of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Percentiles(sorted.length, percentile(sorted, 0.50) / 1000, percentile(sorted, 0.99) / 1000,
                percentile(sorted, 0.999) / 1000, sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1000);
        }

        public String text() {
            return String.format("p50=%.3f ms p99=%.3f ms p99.9=%.3f ms max=%.3f ms (n=%d)", p50 / 1000.0, p99 / 1000.0, p999 / 1000.0,
                max / 1000.0, count);
        }
    }

    /**
     * The outcome.
     *
     * @param refused connect refused or not accepted within the connect timeout
     * @param failed connected but then reset, timed out or otherwise broken
     * @param fallbacks completed sessions in which the server set {@code CC_ACTION} to {@code fallback}
     * @param perCommand engine time per command: reply (or environment) written to the next command read
     * @param sessionEngine engine time per completed session: the sum of its command latencies plus the last reply to close
     * @param sessionWall connect to close per completed session, the simulated playing time included
     * @param heldAtOnce sessions that were open and waiting at the same time (hold mode; 0 otherwise)
     * @param allHeldAfter time from the first connect until all {@code heldAtOnce} sessions were open (hold mode)
     */
    public record Result(int sessions, int completed, int refused, int failed, int fallbacks, Percentiles perCommand,
            Percentiles sessionEngine, Percentiles sessionWall, Duration wallTime, int heldAtOnce, Duration allHeldAfter) {

        public String summary() {
            return String.format("sessions=%d completed=%d refused=%d failed=%d fallbacks=%d commands=%d wall=%d ms (%.0f sessions/s)%n"
                + "  engine per command: %s%n  engine per session:  %s%n  session wall time (with playing): %s", sessions, completed,
                refused, failed, fallbacks, perCommand.count(), wallTime.toMillis(),
                completed * 1000.0 / Math.max(1, wallTime.toMillis()), perCommand.text(), sessionEngine.text(), sessionWall.text());
        }
    }

    private enum Outcome { COMPLETED, FALLBACK, REFUSED, FAILED }

    /** One session's measurements (nanoseconds). */
    private record Timing(long[] commands, long engine, long wall) {
    }

    private final Config config;
    private final Timing[] timings;
    private final AtomicInteger failuresReported = new AtomicInteger();
    private final CountDownLatch arrived;
    private final CountDownLatch release = new CountDownLatch(1);
    private final String[][] transcripts;

    public AgiLoadDriver(Config config) {
        this(config, false);
    }

    /** With {@code keepTranscripts}, every session's command lines are kept for {@link #transcript}. */
    public AgiLoadDriver(Config config, boolean keepTranscripts) {
        this.config = Objects.requireNonNull(config, "config");
        this.timings = new Timing[config.sessions()];
        this.arrived = new CountDownLatch(config.hold() ? config.sessions() : 0);
        this.transcripts = keepTranscripts ? new String[config.sessions()][] : null;
    }

    /** The command lines the server sent in session {@code n} (needs {@code keepTranscripts}); empty when it did not complete. */
    public List<String> transcript(int n) {
        if (transcripts == null) {
            throw new IllegalStateException("transcripts were not kept (keepTranscripts=false)");
        }
        return transcripts[n] == null ? List.of() : List.of(transcripts[n]);
    }

    /**
     * Closed loop: {@code callers} callers, each running its next session as soon as its last one ended, until
     * {@code config.sessions()} sessions were started or {@code maxTime} passed (sessions in flight then finish).
     * Sessions are numbered in start order, so two runs with the same config play the same calls. The rate and hold of
     * the config are not used.
     */
    public Result runConcurrent(int callers, Duration maxTime) throws InterruptedException {
        if (callers < 1) {
            throw new IllegalArgumentException("need callers >= 1, got " + callers);
        }
        Outcome[] outcomes = new Outcome[config.sessions()];
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + maxTime.toNanos();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("agi-caller-", 0).factory())) {
            for (int c = 0; c < callers; c++) {
                pool.execute(() -> {
                    int n;
                    while (System.nanoTime() - end < 0 && (n = next.getAndIncrement()) < config.sessions()) {
                        outcomes[n] = session(n);
                    }
                });
            }
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("closed-loop load interrupted");
        }
        int started = Math.min(next.get(), config.sessions());
        return result(Arrays.copyOf(outcomes, started), Duration.ofNanos(System.nanoTime() - start), 0, Duration.ZERO);
    }

    /** Runs every session and waits for all of them. */
    public Result run() throws InterruptedException {
        return run(() -> { });
    }

    /**
     * Runs every session and waits for all of them. In hold mode {@code whileHeld} runs once all sessions are open (or
     * the hold timed out), before they are released.
     */
    public Result run(Runnable whileHeld) throws InterruptedException {
        Outcome[] outcomes = new Outcome[config.sessions()];
        long start = System.nanoTime();
        long intervalNanos = (long) (1_000_000_000L / config.ratePerSecond());
        int held = 0;
        Duration allHeldAfter = Duration.ZERO;
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("agi-load-", 0).factory())) {
            for (int i = 0; i < config.sessions(); i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("load generation interrupted after " + i + " sessions");
                }
                int n = i;
                pool.execute(() -> outcomes[n] = session(n));
            }
            if (config.hold()) {
                boolean all = arrived.await(config.holdTimeout().toMillis(), TimeUnit.MILLISECONDS);
                allHeldAfter = Duration.ofNanos(System.nanoTime() - start);
                held = (int) (config.sessions() - arrived.getCount());
                if (!all) {
                    LOG.warn("hold: only {} of {} sessions open after {} s; releasing them", held, config.sessions(),
                        config.holdTimeout().toSeconds());
                }
                whileHeld.run();
                release.countDown();
            }
        }
        return result(outcomes, Duration.ofNanos(System.nanoTime() - start), held, allHeldAfter);
    }

    private Result result(Outcome[] outcomes, Duration wall, int held, Duration allHeldAfter) {
        int[] counts = new int[Outcome.values().length];
        for (Outcome o : outcomes) {
            counts[o.ordinal()]++;
        }
        List<long[]> perCommand = new ArrayList<>();
        List<Long> engine = new ArrayList<>();
        List<Long> sessionWall = new ArrayList<>();
        for (Timing t : timings) {
            if (t != null) {
                perCommand.add(t.commands());
                engine.add(t.engine());
                sessionWall.add(t.wall());
            }
        }
        long[] commands = perCommand.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result(outcomes.length, counts[Outcome.COMPLETED.ordinal()] + counts[Outcome.FALLBACK.ordinal()],
            counts[Outcome.REFUSED.ordinal()], counts[Outcome.FAILED.ordinal()], counts[Outcome.FALLBACK.ordinal()],
            Percentiles.of(commands), Percentiles.of(engine.stream().mapToLong(Long::longValue).toArray()),
            Percentiles.of(sessionWall.stream().mapToLong(Long::longValue).toArray()), wall, held, allHeldAfter);
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private Outcome session(int n) {
        long t0 = System.nanoTime();
        Socket socket = new Socket();
        try (socket) {
            try {
                socket.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeout().toMillis());
            } catch (ConnectException | SocketTimeoutException e) {
                report(n, "refused", e);
                return Outcome.REFUSED;
            }
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) config.sessionTimeout().toMillis());
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Map<String, String> variables = new HashMap<>();
            long[] latencies = new long[16];
            List<String> lines = transcripts == null ? null : new ArrayList<>();
            int count = 0;
            long engine = 0;
            out.write(environment(n).getBytes(StandardCharsets.UTF_8));
            out.flush();
            long written = System.nanoTime();
            boolean first = true;
            String command;
            while ((command = in.readLine()) != null) {
                long latency = System.nanoTime() - written;
                engine += latency;
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = latency;
                if (lines != null) {
                    lines.add(command);
                }
                if (first && config.hold()) {
                    arrived.countDown();
                    if (!release.await(config.holdTimeout().toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                        report(n, "failed", new IllegalStateException("never released from hold"));
                        return Outcome.FAILED;
                    }
                }
                first = false;
                Reply reply = reply(n, command, variables);
                if (reply.plays() && !config.playTime().isZero()) {
                    Thread.sleep(config.playTime());
                }
                out.write((reply.line() + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                written = System.nanoTime();
            }
            long end = System.nanoTime();
            engine += end - written;
            timings[n] = new Timing(Arrays.copyOf(latencies, count), engine, end - t0);
            if (lines != null) {
                transcripts[n] = lines.toArray(String[]::new);
            }
            return "fallback".equals(variables.get("CC_ACTION")) ? Outcome.FALLBACK : Outcome.COMPLETED;
        } catch (IOException e) {
            report(n, "failed", e);
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report(n, "interrupted", e);
            return Outcome.FAILED;
        }
    }

    private void report(int n, String what, Exception e) {
        if (failuresReported.incrementAndGet() <= MAX_FAILURES_LOGGED) {
            LOG.warn("AGI load session {} {} (host {}:{}, script {}): {}", n, what, config.host(), config.port(), config.script(),
                e.toString());
        }
    }

    private String environment(int n) {
        String id = String.format("%08x", n);
        String dialed = config.dialed().get(n % config.dialed().size());
        return "agi_network: yes\n"
            + "agi_network_script: " + config.script() + "\n"
            + "agi_request: agi://" + config.host() + ":" + config.port() + "/" + config.script() + "\n"
            + "agi_channel: PJSIP/trunk-" + id + "\n"
            + "agi_language: en\n"
            + "agi_type: PJSIP\n"
            + "agi_uniqueid: 1700000000." + n + "\n"
            + "agi_linkedid: 1700000000." + n + "\n"
            + "agi_version: 22.5.0\n"
            + "agi_callerid: 010" + String.format("%08d", n % 100_000_000) + "\n"
            + "agi_calleridname: Customer " + n + "\n"
            + "agi_callingpres: 0\n"
            + "agi_dnid: " + dialed + "\n"
            + "agi_rdnis: unknown\n"
            + "agi_context: ascc-inbound\n"
            + "agi_extension: " + dialed + "\n"
            + "agi_priority: 2\n"
            + "agi_enhanced: 0.0\n"
            + "agi_accountcode: \n"
            + "agi_threadid: " + (140_000_000_000L + n) + "\n"
            + "agi_arg_1: " + SECRET + "\n"
            + "\n";
    }

    /** A reply line, and whether Asterisk would first play something to the caller. */
    record Reply(String line, boolean plays) {
    }

    /** Asterisk's reply to {@code command}; SET VARIABLE and Read update {@code variables}. */
    Reply reply(int n, String command, Map<String, String> variables) {
        List<String> words = words(command);
        String verb = words.isEmpty() ? "" : words.get(0).toUpperCase();
        String second = words.size() > 1 ? words.get(1).toUpperCase() : "";
        switch (verb + " " + second) {
            case "SET VARIABLE" -> {
                if (words.size() >= 4) {
                    variables.put(words.get(2), words.get(3));
                }
                return new Reply("200 result=1", false);
            }
            case "GET VARIABLE" -> {
                String value = words.size() >= 3 ? variables.get(words.get(2)) : null;
                return new Reply(value == null ? "200 result=0" : "200 result=1 (" + value + ")", false);
            }
            case "STREAM FILE" -> {
                return new Reply("200 result=0 endpos=8000", true);
            }
            case "GET DATA" -> {
                boolean oneDigit = words.size() >= 5 && words.get(4).equals("1");
                return new Reply("200 result=" + (oneDigit ? config.menuAnswer() : config.codes().get(n % config.codes().size())), true);
            }
            default -> {
                if (verb.equals("VERBOSE")) {
                    return new Reply("200 result=1", false);
                }
                if (verb.equals("EXEC") && words.size() >= 2) {
                    return exec(words.get(1), words.size() >= 3 ? words.get(2) : "", variables);
                }
                return new Reply("200 result=0", false);
            }
        }
    }

    private Reply exec(String application, String options, Map<String, String> variables) {
        if (application.equalsIgnoreCase("Read")) {
            String[] args = options.split(",", -1);
            if (args.length < 2 || args[0].isEmpty()) {
                variables.put("READSTATUS", "ERROR");
                return new Reply("200 result=0", false);
            }
            variables.put(args[0], config.menuAnswer());
            variables.put("READSTATUS", "OK");
            return new Reply("200 result=0", true);
        }
        if (application.equalsIgnoreCase("MSet")) {
            // MSet(name1=value1,name2=value2,...): the engine sends it only for plain values (no , | " or \)
            for (String pair : options.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    variables.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return new Reply("200 result=0", false);
        }
        boolean plays = application.equalsIgnoreCase("SayDigits") || application.equalsIgnoreCase("Playback");
        return new Reply("200 result=0", plays);
    }

    /** An AGI command line split into words as Asterisk's {@code parse_args} does: double quotes group, backslash escapes. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }
}
