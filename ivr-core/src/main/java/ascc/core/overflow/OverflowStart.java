package ascc.core.overflow;

import ascc.core.agents.AgentStateTracker;
import ascc.core.ami.AmiClient;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.OverflowConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a running {@link Overflow}: its threads ({@code overflow}, the actor that checks every second;
 * {@code overflow-io}, JDBC), its AMI subscriptions ({@code ami-sub-overflow-<box>}) and the AstDB max penalties put after
 * each box's link (re)connects. {@link Overflow#close} stops the threads.
 */
public final class OverflowStart {
    private static final Logger LOG = LoggerFactory.getLogger(OverflowStart.class);

    private OverflowStart() {
    }

    /**
     * Hooks overflow to {@code client} (events, resync) and checks every second while connected; call before
     * {@link AmiClient#start()}. Without steps nothing is scheduled.
     */
    public static Overflow start(AmiClient client, AgentStateTracker tracker, Supplier<CenterConfig> config, OverflowConfig cfg,
                                 DataSource db, Clock clock, Overflow.Callbacks callbacks) {
        return start(client, tracker, config, Overflow.constant(cfg), OverflowSteps.unfenced(db), () -> true, clock, callbacks);
    }

    /**
     * As above with the running overflow.yaml read at every check (a reload may add steps to a desk that had none, so the
     * check runs every second even when there are no steps yet), steps claimed in {@code steps} before they are taken, and
     * the check run only while {@code active} (this node holds the overflow lease; callers are followed either way).
     */
    public static Overflow start(AmiClient client, AgentStateTracker tracker, Supplier<CenterConfig> config,
                                 Supplier<OverflowConfig> cfg, OverflowSteps steps, BooleanSupplier active, Clock clock,
                                 Overflow.Callbacks callbacks) {
        return start(Map.of(client.box() == null ? "" : client.box(), client), c -> client, tracker, config, cfg, steps, active,
                clock, callbacks);
    }

    /**
     * As above over every box's link ({@code boxes}: box id as its events carry it -> link, the first box first): callers
     * followed on every box, each caller's actions sent to the link {@code forChannel} names for its channel, each box's
     * AstDB max penalties put after that box's link (re)connects; checks while any link is connected.
     */
    public static Overflow start(Map<String, AmiClient> boxes, Function<String, AmiClient> forChannel,
                                 AgentStateTracker tracker, Supplier<CenterConfig> config, Supplier<OverflowConfig> cfg,
                                 OverflowSteps steps, BooleanSupplier active, Clock clock, Overflow.Callbacks callbacks) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "overflow");
            t.setDaemon(true);
            return t;
        });
        ExecutorService ioThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "overflow-io");
            t.setDaemon(true);
            return t;
        });
        OverflowLinks links = OverflowLinks.over(boxes, forChannel, Overflow.AMI_TIMEOUT);
        Overflow o = new Overflow(cfg, config, tracker, links, clock, steps, callbacks, timer, ioThread);
        o.runsOn(timer, ioThread);
        boxes.forEach((box, client) -> {
            client.subscribe("overflow", Overflow.AMI_EVENTS::contains, o::onEvent);
            client.onResync("overflow", () -> o.putMaxPenalties(links.forBox(box)));
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                if (boxes.values().stream().anyMatch(AmiClient::isConnected) && active.getAsBoolean()) {
                    o.checkOnActor();
                }
            } catch (RuntimeException e) {
                LOG.error("overflow check failed (steps {})", cfg.get().steps(), e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        OverflowConfig now = cfg.get();
        LOG.info("overflow steps: {}; start proficiency {}; callback rules {}", now.steps(), now.startProficiency(), now.callback());
        return o;
    }

}
