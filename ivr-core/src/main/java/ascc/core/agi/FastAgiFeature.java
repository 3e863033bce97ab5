package ascc.core.agi;

import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.routing.config.EngineSettings;
import java.io.IOException;

/**
 * The FastAGI listener serving every script the features before it contributed; health probe {@code agi}. On close,
 * sessions finish or hand their calls back to the dialplan.
 */
public final class FastAgiFeature implements Feature {
    private final FastAgiServer server;
    private volatile boolean running;

    public FastAgiFeature(FeatureContext ctx) throws IOException {
        EngineSettings s = ctx.settings();
        server = new FastAgiServer(FastAgiSettings.defaults(s.agiBind(), s.agiPort(), s.agiAccess()),
                ScriptResolver.of(ctx.contribute().scripts()), ctx.metrics(), ctx.clock()).limitSessions(s.capacity().agiMaxSessions());
        server.start();
        running = true;
        ctx.contribute().probe("agi", () -> running);
    }

    /** The bound port (useful when engine.yaml asks for port 0). */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        running = false;
        server.close();
    }
}
