package ascc.core.portal;

import ascc.core.config.Conf;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.web.StaticAsset;
import ascc.core.web.WebAuth;
import ascc.core.web.WebFeature;
import ascc.routing.config.Company;
import ascc.routing.config.WebConfig.Role;
import java.util.Optional;
import java.util.Set;

/**
 * The company portal ({@code /portal}, company logins of web.yaml): {@link PortalPages} over {@link PortalData}, every
 * route behind the web layer's session guard for {@link Role#COMPANY} only.
 */
public final class PortalFeature implements Feature {
    public PortalFeature(FeatureContext ctx, WebFeature web) {
        PortalData data = new PortalData(ctx.dataSource(), () -> ctx.config().get().engine().timeZone(),
                () -> ctx.config().snapshot().agentStates().serviceLevelSeconds(),
                () -> ctx.config().part(Conf::recordings).get().recordingsEngineDir());
        PortalPages pages = new PortalPages(data, ctx.clock(),
                id -> Optional.ofNullable(ctx.config().get().companies().get(id)).map(Company::name).orElse(id));
        WebAuth auth = web.auth();
        Set<Role> company = Set.of(Role.COMPANY);
        ctx.contribute().routes(http -> {
            for (PortalPages.Route r : pages.routes()) {
                http.openRoute("GET", r.path(), r.page() ? auth.page(company, r.handler()) : auth.api(company, r.handler()));
            }
            http.openRoute("GET", "/web/portal.css", StaticAsset.of("portal.css"));
        });
    }

    @Override
    public void close() {
        // nothing of its own to stop: the routes go with the HTTP server
    }
}
