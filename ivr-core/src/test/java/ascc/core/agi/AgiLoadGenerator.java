package ascc.core.agi;

import ascc.agi.AgiChannel;
import ascc.agi.AgiScript;
import ascc.core.metrics.Metrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator for the FastAGI server: opens {@code sessions} connections at {@code ratePerSecond}, each speaking
 * the protocol as Asterisk does (environment, then answering every command: {@code 200 result=1} for SET VARIABLE and
 * VERBOSE, {@code 200 result=0 endpos=0} for STREAM FILE, {@code 200 result= (timeout)} for GET DATA,
 * {@code 200 result=0} otherwise), and measures each session from connect to the server closing it.
 *
 * <pre>
 * java ... ascc.core.agi.AgiLoadGenerator --host 127.0.0.1 --port 4573 --script inbound --sessions 5000 --rate 300
 * java ... ascc.core.agi.AgiLoadGenerator --self --sessions 20000 --rate 2000   (against an in-process server)
 * </pre>
 * The connect timeout defaults to 2 s, Asterisk's own limit for reaching a FastAGI server.
 */
public final class AgiLoadGenerator {

    /** What to run. */
    public record Config(String host, int port, String script, int sessions, double ratePerSecond, Duration connectTimeout,
            Duration sessionTimeout) {
        public Config {
            if (sessions < 1 || ratePerSecond <= 0) {
                throw new IllegalArgumentException("need sessions >= 1 and rate > 0, got " + sessions + " and " + ratePerSecond);
            }
        }

        public static Config of(String host, int port, String script, int sessions, double ratePerSecond) {
            return new Config(host, port, script, sessions, ratePerSecond, Duration.ofSeconds(2), Duration.ofSeconds(30));
        }
    }

    /**
     * The outcome; latencies in microseconds over completed sessions.
     *
     * @param refused connect refused or not accepted within the connect timeout
     * @param failed connected but then reset, timed out or otherwise broken
     * @param fallbacks completed sessions in which the server set {@code CC_ACTION "fallback"}
     */
    public record Result(int sessions, int completed, int refused, int failed, int fallbacks, long p50Micros, long p99Micros,
            long maxMicros, Duration wallTime) {

        public String summary() {
            return String.format("sessions=%d completed=%d refused=%d failed=%d fallbacks=%d latency p50=%.2f ms p99=%.2f ms "
                + "max=%.2f ms wall=%d ms (%.0f sessions/s)", sessions, completed, refused, failed, fallbacks, p50Micros / 1000.0,
                p99Micros / 1000.0, maxMicros / 1000.0, wallTime.toMillis(), completed * 1000.0 / Math.max(1, wallTime.toMillis()));
        }
    }

    private enum Outcome { COMPLETED, FALLBACK, REFUSED, FAILED }

    private final Config config;
    private final long[] latencyNanos;
    private final AtomicInteger failuresReported = new AtomicInteger();

    public AgiLoadGenerator(Config config) {
        this.config = config;
        this.latencyNanos = new long[config.sessions()];
    }

    /** Runs every session and waits for all of them. */
    public Result run() throws InterruptedException {
        Arrays.fill(latencyNanos, -1);
        Outcome[] outcomes = new Outcome[config.sessions()];
        long start = System.nanoTime();
        long intervalNanos = (long) (1_000_000_000L / config.ratePerSecond());
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
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        int completed = 0;
        int refused = 0;
        int failed = 0;
        int fallbacks = 0;
        for (Outcome o : outcomes) {
            switch (o) {
                case COMPLETED -> completed++;
                case FALLBACK -> {
                    completed++;
                    fallbacks++;
                }
                case REFUSED -> refused++;
                case FAILED -> failed++;
                default -> throw new IllegalStateException("unknown outcome " + o);
            }
        }
        long[] done = Arrays.stream(latencyNanos).filter(l -> l >= 0).sorted().toArray();
        return new Result(config.sessions(), completed, refused, failed, fallbacks, percentile(done, 0.50) / 1000,
            percentile(done, 0.99) / 1000, done.length == 0 ? 0 : done[done.length - 1] / 1000, wall);
    }

    private static long percentile(long[] sorted, double p) {
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
            out.write(environment(n).getBytes(StandardCharsets.UTF_8));
            boolean fallback = false;
            String command;
            while ((command = in.readLine()) != null) {
                if (command.startsWith("SET VARIABLE CC_ACTION \"fallback\"")) {
                    fallback = true;
                }
                out.write((reply(command) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            latencyNanos[n] = System.nanoTime() - t0;
            return fallback ? Outcome.FALLBACK : Outcome.COMPLETED;
        } catch (IOException e) {
            report(n, "failed", e);
            return Outcome.FAILED;
        }
    }

    private void report(int n, String what, Exception e) {
        if (failuresReported.incrementAndGet() <= 10) {
            System.err.println("session " + n + " " + what + ": " + e);
        }
    }

    private String environment(int n) {
        String id = String.format("%08x", n);
        return "agi_network: yes\n"
            + "agi_network_script: " + config.script() + "\n"
            + "agi_request: agi://" + config.host() + ":" + config.port() + "/" + config.script() + "\n"
            + "agi_channel: PJSIP/load-" + id + "\n"
            + "agi_language: en\n"
            + "agi_type: PJSIP\n"
            + "agi_uniqueid: 1700000000." + n + "\n"
            + "agi_version: 22.5.0\n"
            + "agi_callerid: 010" + String.format("%08d", n % 100_000_000) + "\n"
            + "agi_calleridname: Load " + n + "\n"
            + "agi_dnid: 15880000\n"
            + "agi_context: from-pstn\n"
            + "agi_extension: 15880000\n"
            + "agi_priority: 2\n"
            + "agi_enhanced: 0.0\n"
            + "agi_accountcode: \n"
            + "agi_threadid: " + (140_000_000_000L + n) + "\n"
            + "\n";
    }

    private static String reply(String command) {
        if (command.startsWith("SET VARIABLE") || command.startsWith("VERBOSE")) {
            return "200 result=1";
        }
        if (command.startsWith("STREAM FILE")) {
            return "200 result=0 endpos=0";
        }
        if (command.startsWith("GET DATA")) {
            return "200 result= (timeout)";
        }
        return "200 result=0";
    }

    /** A small flow for {@code --self}: ANSWER, GET VARIABLE, STREAM FILE, SET VARIABLE. */
    static final AgiScript BENCH_SCRIPT = (AgiChannel ch) -> {
        ch.answer();
        ch.getVariable("CC_LANG");
        ch.streamFile("welcome", "");
        ch.setVariable("CC_ACTION", "queue");
    };

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        boolean self = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--self")) {
                self = true;
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                System.err.println("usage: AgiLoadGenerator [--self] [--host H] [--port P] [--script S] [--sessions N] [--rate R] "
                    + "[--connect-timeout-ms MS] [--session-timeout-ms MS]; unexpected '" + args[i] + "'");
                System.exit(2);
            }
        }
        FastAgiServer server = null;
        String host = opts.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(opts.getOrDefault("port", "4573"));
        String script = opts.getOrDefault("script", "inbound");
        if (self) {
            server = new FastAgiServer(FastAgiSettings.defaults("127.0.0.1", 0), ScriptResolver.of(Map.of(script, BENCH_SCRIPT)),
                new Metrics(), Clock.systemUTC());
            server.start();
            host = "127.0.0.1";
            port = server.port();
        }
        Config config = new Config(host, port, script, Integer.parseInt(opts.getOrDefault("sessions", "1000")),
            Double.parseDouble(opts.getOrDefault("rate", "200")),
            Duration.ofMillis(Long.parseLong(opts.getOrDefault("connect-timeout-ms", "2000"))),
            Duration.ofMillis(Long.parseLong(opts.getOrDefault("session-timeout-ms", "30000"))));
        try {
            Result result = new AgiLoadGenerator(config).run();
            System.out.println(result.summary());
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
