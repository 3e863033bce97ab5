package ascc.bench;

import ascc.routing.RouteDecision;
import ascc.routing.Router;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Router#route} on the {@link BigConfig#TARGET} config (13,600 companies, dense file so the stock loader accepts
 * it): dialed number lookup, company, first category, desk, opening hours and the decision's rule text. SampleTime mode,
 * so JMH reports p50/p99/p99.9 per call. {@code ownNumber} dials a random company's own number (at a random time of the
 * week, so open and closed decisions mix); {@code sharedNumber} dials the shared number (general desk, code needed).
 *
 * <pre>
 * java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' org.openjdk.jmh.Main RouteBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx512m")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RouteBench {
    private static final int SAMPLES = 4096;

    private Path dir;
    private Router router;
    private String[] dialed;
    private String[] callers;
    private ZonedDateTime[] times;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("ascc-routebench-");
        BigConfig shape = BigConfig.TARGET.asDense();
        shape.write(dir);
        CenterConfig config = ConfigLoader.load(dir, Map.of());
        router = new Router(config);
        SplittableRandom rnd = new SplittableRandom(42);
        dialed = new String[SAMPLES];
        callers = new String[SAMPLES];
        times = new ZonedDateTime[SAMPLES];
        // Monday 2026-11-23 00:00 in Seoul; any minute of that week
        ZonedDateTime week = ZonedDateTime.of(2026, 11, 23, 0, 0, 0, 0, ZoneId.of("Asia/Seoul"));
        for (int i = 0; i < SAMPLES; i++) {
            dialed[i] = BigConfig.companyNumber(rnd.nextInt(shape.companies()));
            callers[i] = String.format("010%08d", rnd.nextInt(100_000_000));
            times[i] = week.plusMinutes(rnd.nextInt(7 * 24 * 60));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Dirs.deleteTree(dir);
    }

    @Benchmark
    public RouteDecision ownNumber() {
        int i = next++ & (SAMPLES - 1);
        return router.route(dialed[i], callers[i], times[i]);
    }

    @Benchmark
    public RouteDecision sharedNumber() {
        int i = next++ & (SAMPLES - 1);
        return router.route(BigConfig.SHARED_NUMBER, callers[i], times[i]);
    }
}
