package ascc.core.callbacks;

import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;

/**
 * Callback requests (after-hours callbacks, happy-call follow-ups): stored and made DUE by Quartz at their due time.
 * Dialing DUE requests is the overflow feature's ({@link CallbackService#onDue}).
 */
public final class CallbacksFeature implements Feature {
    private final CallbackService service;

    public CallbacksFeature(FeatureContext ctx) {
        service = new CallbackService(new CallbackStore(ctx.dataSource()), ctx.scheduler(), ctx.clock());
    }

    public CallbackService service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
    }
}
