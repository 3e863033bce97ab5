package ascc.core.desktop;

import ascc.core.agents.AgentsFeature;
import ascc.core.durable.DurableWriter;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.inbound.InboundFeature;
import ascc.routing.config.AgentStatesConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent desktop's engine side ({@link AgentDesktop}): screen pops from the AMI subscription {@code desktop} (built on
 * virtual threads {@code screen-pop-<n>}), dispositions on the durable writer {@code disposition-writer}, the state buttons
 * through the agents feature's service. The pages ({@code /agent}) are added by the web layer over {@link #desktop()}.
 */
public final class DesktopFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(DesktopFeature.class);

    private final DurableWriter<CallDisposition> writer;
    private final ExecutorService popper;
    private final AgentDesktop desktop;
    private final Runnable unsubscribe;

    public DesktopFeature(FeatureContext ctx, InboundFeature inbound, AgentsFeature agents) {
        this(ctx, inbound, agents, RepairCases.NONE);
    }

    /** @param repairs the self-service feature's repair cases (issue #15), {@link RepairCases#NONE} until it exists */
    public DesktopFeature(FeatureContext ctx, InboundFeature inbound, AgentsFeature agents, RepairCases repairs) {
        writer = Dispositions.writer(new DispositionStore(ctx.dataSource())::upsert, Path.of(ctx.settings().spoolDir()),
                ctx.metrics(), ctx.clock());
        popper = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("screen-pop-", 0).factory());
        AgentStatesConfig states = ctx.config().snapshot().agentStates();
        desktop = new AgentDesktop(ctx.config(), inbound::call, new CallHistoryStore(ctx.dataSource()), repairs, writer,
                agents.control(), () -> states, ctx.clock(), popper);
        unsubscribe = ctx.contribute().amiEvents("desktop", desktop::onEvent);
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
