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
    /** Every route of the portal (the isolation test walks them all). */
    public static final java.util.List<String> ROUTES = java.util.List.of("/portal", "/portal/calls.json", "/portal/recording",
            "/portal/statement");

    public PortalFeature(FeatureContext ctx, WebFeature web) {
        PortalData data = new PortalData(ctx.dataSource(), () -> ctx.config().get().engine().timeZone(),
                () -> ctx.config().snapshot().agentStates().serviceLevelSeconds(),
                () -> ctx.config().part(Conf::recordings).get().recordingsEngineDir());
        PortalPages pages = new PortalPages(data, ctx.clock(),
                id -> Optional.ofNullable(ctx.config().get().companies().get(id)).map(Company::name).orElse(id));
        WebAuth auth = web.auth();
        Set<Role> company = Set.of(Role.COMPANY);
        ctx.contribute().routes(http -> http
                .openRoute("GET", "/portal", auth.page(company, pages::page))
                .openRoute("GET", "/portal/calls.json", auth.api(company, pages::callsJson))
                .openRoute("GET", "/portal/recording", auth.api(company, pages::recording))
                .openRoute("GET", "/portal/statement", auth.page(company, pages::statement))
                .openRoute("GET", "/web/portal.css", StaticAsset.of("portal.css")));
    }

    @Override
    public void close() {
        // nothing of its own to stop: the routes go with the HTTP server
    }
}
