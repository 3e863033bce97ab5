package ascc.core.webcallbacks;

import ascc.core.callbacks.CallbacksFeature;
import ascc.core.config.Conf;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import java.nio.file.Path;

/**
 * Callback requests from outside a call (issue #15): {@code POST /api/callbacks} for the channel integrations and the public
 * form {@code /callback/<company>}; journaled, stored and scheduled like after-hours callbacks, dialed by overflow's
 * callback machinery with the web priority (overflow.yaml {@code web-callbacks}).
 */
public final class WebCallbacksFeature implements Feature {
    private final WebCallbackService service;

    public WebCallbacksFeature(FeatureContext ctx, CallbacksFeature callbacks) {
        WebCallbackStore store = new WebCallbackStore(ctx.dataSource());
        service = new WebCallbackService(ctx.config().part(c -> c.center()), ctx.config().part(c -> c.overflow().web()), store,
                callbacks.service(), Path.of(ctx.settings().spoolDir()), ctx.metrics(), ctx.clock());
        WebCallbackHttp http = new WebCallbackHttp(ctx.config().part(Conf::center), ctx.config().part(c -> c.overflow().web()), service,
                ctx.clock());
        ctx.contribute().routes(s -> {
            s.selfAuthorizedPrefixRoute("POST", WebCallbackHttp.API, http::api);
            s.selfAuthorizedPrefixRoute("GET", WebCallbackHttp.FORM, http::form);
            s.selfAuthorizedPrefixRoute("POST", WebCallbackHttp.FORM, http::form);
        });
    }

    public WebCallbackService service() {
        return service;
    }

    @Override
    public void close() {
        service.close();
    }
}
