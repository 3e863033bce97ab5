package ascc.core.recordings;

import ascc.core.http.HttpResponseSpec;
import ascc.core.http.HttpServer;
import ascc.core.metrics.Metrics;
import ascc.recordings.CompanyRecordings;
import ascc.recordings.RecordingPolicy;
import ascc.recordings.RecordingsConfig;
import ascc.routing.config.HttpLimits;
import ascc.routing.config.Secret;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The engine's HTTP server with the real recordings route, alone in a JVM with a small heap, for
 * {@link RecordingDownloadFloodTest}: prints {@code PORT <n>}, answers {@code GET /stats} (heap used now and at its
 * sampled peak, the heap limit, open file descriptors), and stops when its standard input closes.
 * Arguments: the recordings directory, the admin token.
 */
public final class DownloadFloodServer {
    private DownloadFloodServer() {
    }

    public static void main(String[] args) throws Exception {
        Path rec = Path.of(args[0]);
        Secret token = Secret.of(args[1]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peak = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("heap-sampler")
                .daemon(true).factory());
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                0, 5, TimeUnit.MILLISECONDS);
        RecordingsConfig cfg = new RecordingsConfig(rec, "/p", "en", Map.of(), RecordingsConfig.builtInDefaults(), rec, "/r", 60,
                Map.of("alpha", new CompanyRecordings("alpha", Optional.empty(), 30, RecordingPolicy.NONE, Map.of())));
        try (HttpServer http = new HttpServer("127.0.0.1", 0, token, new Metrics(), Map::of, Duration.ofSeconds(60),
                HttpServer.DEFAULT_MAX_BODY, new HttpLimits(1000, 30, 100_000, 100_000), Clock.systemUTC())) {
            http.selfAuthorizedPrefixRoute("GET", RecordingAccessHandler.PREFIX, new RecordingAccessHandler(token, () -> cfg));
            http.route("GET", "/stats", req -> HttpResponseSpec.json(200, "{\"heapUsed\":" + memory.getHeapMemoryUsage().getUsed()
                    + ",\"heapPeak\":" + peak.get() + ",\"heapMax\":" + memory.getHeapMemoryUsage().getMax()
                    + ",\"fds\":" + fds() + "}"));
            System.out.println("PORT " + http.start());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the test closes our standard input
            }
        }
        sampler.shutdownNow();
    }

    static long fds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
