package ascc.core.agi;

import ascc.agi.AgiScript;
import ascc.core.metrics.Metrics;
import ascc.routing.config.AgiAccess;
import ascc.routing.config.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A started {@link FastAgiServer} on 127.0.0.1:0 with short timeouts and its failure lines captured. */
final class AgiTestServer implements AutoCloseable {
    static final Duration ENV_TIMEOUT = Duration.ofMillis(400);

    final Metrics metrics = new Metrics();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final FastAgiServer server;

    AgiTestServer(Map<String, AgiScript> scripts) throws IOException {
        this(scripts, settings().withEnvReadTimeout(ENV_TIMEOUT)
            .withCommandTimeout(Duration.ofSeconds(3)).withShutdownGrace(Duration.ofMillis(300)).withLimits(512, 40));
    }

    /** Production defaults on 127.0.0.1:0, loopback peers, {@link FakeAsterisk#SECRET}. */
    static FastAgiSettings settings() {
        return FastAgiSettings.defaults("127.0.0.1", 0, AgiAccess.loopback(Secret.of(FakeAsterisk.SECRET)));
    }

    AgiTestServer(Map<String, AgiScript> scripts, FastAgiSettings settings) throws IOException {
        server = new FastAgiServer(settings, ScriptResolver.of(scripts), metrics,
            Clock.fixed(Instant.parse("2025-01-06T09:00:00Z"), ZoneOffset.UTC), failures::add);
        server.start();
    }

    int port() {
        return server.port();
    }

    FakeAsterisk connect() throws IOException {
        return FakeAsterisk.connect(port());
    }

    long counter(String name) {
        return (long) metrics.counter(name, "").count();
    }

    @Override
    public void close() {
        server.close();
    }
}
