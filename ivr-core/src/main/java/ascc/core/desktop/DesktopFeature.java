package ascc.core.desktop;

import ascc.core.agents.AgentsFeature;
import ascc.core.durable.DurableWriter;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.inbound.InboundFeature;
import ascc.core.web.StaticAsset;
import ascc.core.web.WebAuth;
import ascc.core.web.WebFeature;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.WebConfig.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent desktop's engine side ({@link AgentDesktop}): screen pops from the AMI subscription {@code desktop} (built on
 * virtual threads {@code screen-pop-<n>}), dispositions on the durable writer {@code disposition-writer}, the state buttons
 * through the agents feature's service; the pages ({@code /agent...}, {@link DesktopPages}) for agent logins of web.yaml.
 */
public final class DesktopFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopFeature.class);

    private final DurableWriter<CallDisposition> writer;
    private final ExecutorService popper;
    private final AgentDesktop desktop;
    private final Runnable unsubscribe;

    /** @param repairs the open repair cases shown in the pop (self-service's, {@link RepairCases#from}) */
    public DesktopFeature(FeatureContext ctx, InboundFeature inbound, AgentsFeature agents, WebFeature web, RepairCases repairs) {
        writer = Dispositions.writer(new DispositionStore(ctx.dataSource())::upsert, Path.of(ctx.settings().spoolDir()),
                ctx.metrics(), ctx.clock());
        popper = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("screen-pop-", 0).factory());
        AgentStatesConfig states = ctx.config().snapshot().agentStates();
        desktop = new AgentDesktop(ctx.config(), inbound::call, new CallHistoryStore(ctx.dataSource()), repairs, writer,
                agents.control(), () -> states, ctx.clock(), popper);
        // every box's agents' calls
        unsubscribe = ctx.contribute().amiEventsEveryBox("desktop", AgentDesktop.AMI_EVENTS::contains, desktop::onEvent);
        DesktopPages pages = new DesktopPages(desktop, agents.tracker());
        WebAuth auth = web.auth();
        Set<Role> agent = Set.of(Role.AGENT);
        ctx.contribute().routes(http -> http
                .openRoute("GET", "/agent", auth.page(agent, pages::page))
                .openRoute("GET", "/agent/events", auth.api(agent, pages::events))
                .openRoute("GET", "/agent/pop.json", auth.api(agent, pages::popJson))
                .openRoute("POST", "/agent/state", auth.action(agent, pages::state))
                .openRoute("POST", "/agent/disposition", auth.action(agent, pages::disposition))
                .openRoute("GET", "/web/agent.js", StaticAsset.of("agent.js"))
                .openRoute("GET", "/web/agent.css", StaticAsset.of("agent.css")));
    }

    /** The desktop service the pages use. */
    public AgentDesktop desktop() {
        return desktop;
    }

    @Override
    public void close() {
        unsubscribe.run();
        popper.shutdown();
        try {
            if (!popper.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("screen pops still being built after 2 s at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = writer.close(Duration.ofSeconds(5));
        if (left > 0) {
            LOG.error("{} dispositions could not be written before shutdown (kept in the journal, written at the next start)", left);
        }
    }
}
