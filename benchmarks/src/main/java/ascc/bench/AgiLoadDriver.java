package ascc.bench;

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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays Asterisk against a FastAGI server: opens {@code sessions} connections at {@code ratePerSecond}, each sending the
 * AGI environment (dialed number from {@code dialed}, round robin) and answering every command as Asterisk does:
 * {@code 200 result=1} for SET VARIABLE, VERBOSE and ANSWER-like commands, {@code 200 result=0 endpos=0} for STREAM
 * FILE, {@code 200 result=<digits>} for GET DATA ("1" for a one-digit menu, else a company code from {@code codes}).
 * Each session is timed from connect until the server closes it. Adapted from ivr-core's test {@code AgiLoadGenerator}.
 *
 * <p>With {@code hold}, every session delays its reply to the server's first command until {@code hold} sessions have
 * reached that point (or {@code holdTimeout} passed), so that many sessions are open on the server at once.
 */
public final class AgiLoadDriver {

    /** What to run. */
    public record Config(String host, int port, int sessions, double ratePerSecond, List<String> dialed, List<String> codes,
            Duration connectTimeout, Duration sessionTimeout, boolean hold, Duration holdTimeout) {
        public Config {
            if (sessions < 1 || ratePerSecond <= 0 || dialed.isEmpty() || codes.isEmpty()) {
                throw new IllegalArgumentException("need sessions >= 1, rate > 0 and some numbers and codes, got " + sessions + ", "
                    + ratePerSecond + ", " + dialed.size() + " numbers, " + codes.size() + " codes");
            }
            dialed = List.copyOf(dialed);
            codes = List.copyOf(codes);
        }
    }

    /**
     * The outcome; latencies in microseconds over completed sessions.
     *
     * @param refused connect refused or not accepted within the connect timeout
     * @param failed connected but then reset, timed out or otherwise broken
     * @param fallbacks completed sessions in which the server set {@code CC_ACTION "fallback"}
     * @param heldAtOnce sessions that were open and waiting at the same time (hold mode; 0 otherwise)
     * @param allHeldAfter time from the first connect until all {@code heldAtOnce} sessions were open (hold mode)
     */
    public record Result(int sessions, int completed, int refused, int failed, int fallbacks, long p50Micros, long p99Micros,
            long maxMicros, Duration wallTime, int heldAtOnce, Duration allHeldAfter) {

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
    private final CountDownLatch arrived;
    private final CountDownLatch release = new CountDownLatch(1);

    public AgiLoadDriver(Config config) {
        this.config = config;
        this.latencyNanos = new long[config.sessions()];
        this.arrived = new CountDownLatch(config.hold() ? config.sessions() : 0);
    }

    /**
     * Runs every session and waits for all of them. In hold mode {@code whileHeld} runs once all sessions are open (or
     * the hold timed out), before they are released.
     */
    public Result run(Runnable whileHeld) throws InterruptedException {
        Arrays.fill(latencyNanos, -1);
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
                    System.err.println("hold: only " + held + " of " + config.sessions() + " sessions open after "
                        + config.holdTimeout().toSeconds() + " s; releasing them");
                }
                whileHeld.run();
                release.countDown();
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
            percentile(done, 0.99) / 1000, done.length == 0 ? 0 : done[done.length - 1] / 1000, wall, held, allHeldAfter);
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
            out.write(environment(n).getBytes(StandardCharsets.UTF_8));
            out.flush();
            boolean fallback = false;
            boolean first = true;
            String command;
            while ((command = in.readLine()) != null) {
                if (first && config.hold()) {
                    arrived.countDown();
                    if (!release.await(config.holdTimeout().toMillis() + 60_000, TimeUnit.MILLISECONDS)) {
                        report(n, "failed", new IllegalStateException("never released from hold"));
                        return Outcome.FAILED;
                    }
                }
                first = false;
                if (command.startsWith("SET VARIABLE CC_ACTION \"fallback\"")) {
                    fallback = true;
                }
                out.write((reply(n, command) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            latencyNanos[n] = System.nanoTime() - t0;
            return fallback ? Outcome.FALLBACK : Outcome.COMPLETED;
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
        if (failuresReported.incrementAndGet() <= 10) {
            System.err.println("session " + n + " " + what + ": " + e);
        }
    }

    private String environment(int n) {
        String id = String.format("%08x", n);
        String dialed = config.dialed().get(n % config.dialed().size());
        return "agi_network: yes\n"
            + "agi_network_script: inbound\n"
            + "agi_request: agi://" + config.host() + ":" + config.port() + "/inbound\n"
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
            + "\n";
    }

    private String reply(int n, String command) {
        if (command.startsWith("STREAM FILE")) {
            return "200 result=0 endpos=0";
        }
        if (command.startsWith("GET DATA")) {
            // GET DATA <file> <timeout> <maxdigits>: a one-digit menu gets "1", a code prompt a company code
            String[] parts = command.trim().split(" ");
            boolean menu = parts.length >= 5 && parts[parts.length - 1].equals("1");
            return "200 result=" + (menu ? "1" : config.codes().get(n % config.codes().size()));
        }
        if (command.startsWith("GET VARIABLE")) {
            return "200 result=0";
        }
        return "200 result=1";
    }
}
