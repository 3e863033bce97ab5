package ascc.core.callbacks;

import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import java.nio.file.Path;

/**
 * Callback requests (after-hours callbacks, happy-call follow-ups): journaled before the caller hears "booked", stored and
 * made DUE by Quartz at their due time.
 * Dialing DUE requests is the overflow feature's ({@link CallbackService#onDue}).
 */
public final class CallbacksFeature implements Feature {
    private final CallbackService service;

    public CallbacksFeature(FeatureContext ctx) {
        service = new CallbackService(new CallbackStore(ctx.dataSource()), ctx.scheduler(), ctx.clock(),
                Path.of(ctx.settings().spoolDir()), ctx.metrics());
    }

    public CallbackService service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
    }
}
