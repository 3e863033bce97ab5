package ascc.core.admin;

import ascc.core.config.ConfigHolder;
import ascc.core.config.ConfigWatcher;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.http.CachedHealth;
import ascc.core.http.HttpResponseSpec;
import ascc.core.http.HttpServer;
import ascc.routing.config.ConfigPrinter;
import ascc.routing.config.EngineSettings;
import java.io.IOException;
import java.time.Duration;

/**
 * The admin HTTP server ({@code /health} from the contributed probes, {@code /metrics}, {@code GET /api/config},
 * {@code POST /api/config/reload} and the routes features contributed) and the config directory watcher that reloads
 * on edits. Starts last, so {@code /health} answers only when everything else started.
 */
public final class AdminHttpFeature implements Feature {
    private final HttpServer http;
    private final ConfigWatcher watcher;
    private final CachedHealth health;

    public AdminHttpFeature(FeatureContext ctx) throws IOException {
        EngineSettings s = ctx.settings();
        ConfigHolder config = ctx.config();
        // /health answers from the probes' last run (every 5 s on health-probe), never probing per request
        health = CachedHealth.start(ctx.contribute().probes(), ctx.contribute().reasons(), CachedHealth.DEFAULT_EVERY);
        http = new HttpServer(s.httpBind(), s.httpPort(), s.adminToken(), ctx.metrics(), health, HttpServer.DEFAULT_IDLE,
            HttpServer.DEFAULT_MAX_BODY, s.httpLimits(), ctx.clock());
        http.route("GET", "/api/config", req -> HttpResponseSpec.text(200, ConfigPrinter.print(config.get())));
        http.route("POST", "/api/config/reload", config::handleReload);
        ctx.contribute().routes().forEach(r -> r.accept(http));
        try {
            http.start();
            watcher = ConfigWatcher.start(config, Duration.ofMillis(500));
        } catch (IOException | RuntimeException e) {
            http.close();
            health.close();
            throw e;
        }
    }

    /** The bound port (useful when engine.yaml asks for port 0). */
    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        watcher.close();
        http.close();
        health.close();
    }
}
