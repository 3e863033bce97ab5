package ascc.core.overflow;

import ascc.core.config.Conf;
import ascc.core.agents.AgentsFeature;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiClient;
import ascc.core.callbacks.CallbackRequest;
import ascc.core.callbacks.CallbackStore;
import ascc.core.callbacks.CallbacksFeature;
import ascc.core.cluster.Leases;
import ascc.routing.calls.CallOutcome;
import ascc.core.feature.Feature;
import ascc.core.feature.FeatureContext;
import ascc.core.inbound.InboundFeature;
import ascc.agi.flows.WaitCallbackFlow;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.WaitingRules;
import ascc.core.webcallbacks.WebCallbackStore;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queue overflow (overflow.yaml) and the callbacks that keep the caller's place: overflow steps checked every second,
 * callbacks accepted in the queue and dialed with retries, DUE after-hours callbacks dialed the same way (when
 * overflow.yaml has a trunk-dial), callbacks being dialed taken over after a restart, and the planned outcome of a
 * caller moved out of the queue.
 */
public final class OverflowFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(OverflowFeature.class);

    /** overflow.yaml: the running one (swapped with the center config on reload). */
    private final Supplier<OverflowConfig> config;
    private final AmiClient ami;
    /** Every box's link by the box id its events carry, the first box first. */
    private final Map<String, AmiClient> links;
    private final ScheduledExecutorService retryTimer;
    private final OverflowCallbacks callbacks;
    private final Overflow overflow;
    private final List<Runnable> undo;
    private final InboundFeature inbound;
    private final WebCallbackStore webStore;
    private final Clock clock;
    private final Leases leases;
    private final CallbackStore store;
    private final WaitingMoves moves;
    /** The overflow lease's token under which {@link OverflowCallbacks#recover} last succeeded here (-1: never). */
    private volatile long recoveredToken = -1;
    private final javax.sql.DataSource dataSource;

    public OverflowFeature(FeatureContext ctx, AgentsFeature agents, InboundFeature inbound, CallbacksFeature afterHours) {
        this.config = ctx.config().part(Conf::overflow);
        this.ami = ctx.ami();
        retryTimer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("callback-retry").daemon(true)
                .unstarted(r));
        // the one two-way link: callbacks ask overflow for queue positions, overflow hands callbacks their requests; both
        // are set in this constructor, before AMI connects, so no event reaches either before the other exists
        this.dataSource = ctx.dataSource();
        CallbackStore store = new CallbackStore(ctx.dataSource());
        webStore = new WebCallbackStore(ctx.dataSource());
        // bookings journaled (fsynced) before they are placed; replayed at start (<spool-dir>/overflow-callbacks)
        callbacks = new OverflowCallbacks(store, config, (OverflowCallbacks.TrunkOriginator) (key, o, t) -> ctx.trunk().originate(key,
                ascc.core.cluster.TrunkSlots.CALLBACK, o, t), this::later, ctx.clock(), this::positionFor,
                OverflowCallbackJournal.writer(store, Path.of(ctx.settings().spoolDir()), ctx.metrics(), ctx.clock()));
        // place holders' hang-ups and callback user events of every box
        Runnable unsubscribe = ctx.contribute().amiEventsEveryBox("overflow-callbacks", OverflowCallbacks.AMI_EVENTS::contains,
                callbacks::onEvent);
        afterHours.service().onDue(this::dialDue);
        this.leases = ctx.leases();
        this.store = store;
        // steps are taken, and callbacks dialed, only by the node holding the overflow lease; each step's row is claimed
        // under the lease's fence first (docs/scale-out.md)
        // every box's waiting callers; each caller's actions go to its channel's box (docs/scale-out.md "Boxes")
        this.links = ctx.contribute().links();
        overflow = OverflowStart.start(links, ctx.contribute()::forChannel, agents.tracker(), ctx.config(), config,
                OverflowSteps.fenced(ctx.dataSource(), () -> leases.fence(OverflowSteps.LEASE)), () -> leases.holds(OverflowSteps.LEASE),
                ctx.clock(), new Planned(callbacks, inbound, () -> leases.holds(OverflowSteps.LEASE)));
        leases.want(OverflowSteps.LEASE, fence -> {
            if (links.values().stream().noneMatch(AmiClient::isConnected)) {
                throw new IllegalStateException("AMI not connected (" + ami.downReason() + "): the waiting callers are not known yet");
            }
            // the steps earlier holders took count as taken; callbacks they were dialing (stored) are taken over
            overflow.resync(OverflowSteps.claimsSince(ctx.dataSource(), ctx.clock().instant().minus(Overflow.FORGET_AFTER)));
            recoverCallbacks(fence.token());
        });
        retryTimer.scheduleWithFixedDelay(this::dialDueLeftByOthers, 10, 10, TimeUnit.SECONDS);
        // a box's link back on the holder: the callbacks left as stored while it was down are taken over now
        links.values().forEach(link -> link.onResync("overflow-callbacks", () -> leases.fence(OverflowSteps.LEASE)
                .filter(f -> f.token() == recoveredToken).ifPresent(f -> recoverCallbacks(f.token()))));
        this.inbound = inbound;
        this.clock = ctx.clock();
        this.moves = new WaitingMoves(overflow, callbacks, config, ctx.config(), inbound::plan, clock);
        ctx.contribute().script(AgiScripts.WAIT_CALLBACK, new WaitCallbackFlow(this::bookWaiting));
        Runnable stopReload = ctx.config().onReload((before, after) -> {
            if (links.values().stream().anyMatch(AmiClient::isConnected)) {
                overflow.putMaxPenalties(); // start proficiencies of the reloaded overflow.yaml, on every box
            }
        });
        undo = List.of(stopReload, unsubscribe);
    }

    /**
     * The outcome the call record of a caller taken out of the queue by {@code action} gets (unless answered later): a
     * callback requested, a voicemail or a partner center instead of an abandon in the queue; null for other actions.
     */
    static CallOutcome plannedOutcome(OverflowConfig.Action action) {
        if (action instanceof OverflowConfig.OfferCallback) {
            return CallOutcome.CALLBACK_REQUESTED;
        } else if (action instanceof OverflowConfig.Voicemail) {
            return CallOutcome.VOICEMAIL;
        } else if (action instanceof OverflowConfig.Partner) {
            return CallOutcome.OVERFLOW_PARTNER;
        }
        return null;
    }

    /** Where overflow hands accepted callbacks, and the planned outcome of moved callers. */
    private record Planned(OverflowCallbacks callbacks, InboundFeature calls, BooleanSupplier holder) implements Overflow.Callbacks {
        /** Placed here on the lease's holder; booked for the holder on a node that lost the lease meanwhile (placed once). */
        @Override
        public void accepted(Overflow.Accepted a) {
            if (holder.getAsBoolean()) {
                callbacks.accepted(a);
            } else {
                callbacks.bookForHolder(a);
            }
        }

        @Override
        public Instant placeholderJoined(String exten) {
            return callbacks.placeholderJoined(exten);
        }

        @Override
        public void moved(String linkedId, OverflowConfig.Action action) {
            CallOutcome planned = plannedOutcome(action);
            if (planned != null) {
                calls.plan(linkedId, planned);
            }
        }
    }

    /**
     * A waiting caller pressed the callback key: books a callback keeping their place when their desk has the key
     * ({@code waiting:} callback-key) and a trunk to call back over; the thank-you prompt once it is journaled.
     */
    private Optional<String> bookWaiting(String uniqueId, String linkedId, String deskId, String queue, String number) {
        OverflowConfig c = config.get();
        WaitingRules.Settings s = c.waiting().forDesk(deskId);
        if (deskId.isEmpty() || queue.isEmpty() || !s.enabled() || !s.callbackKey() || c.trunkDial().isEmpty()) {
            LOG.info("callback key of caller {} in desk '{}' ignored (waiting enabled={}, callback-key={}, trunk-dial set={})",
                    uniqueId, deskId, s.enabled(), s.callbackKey(), !c.trunkDial().isEmpty());
            return Optional.empty();
        }
        Instant first = overflow.firstJoinedOf(uniqueId);
        Overflow.Accepted a = new Overflow.Accepted(uniqueId, linkedId, deskId, queue, number, first != null ? first : clock.instant());
        if (!leases.holds(OverflowSteps.LEASE)) {
            // only the overflow lease's holder places and dials callbacks: booked here (journaled, then stored QUEUED with
            // the caller's first-joined time), placed by the holder's next check (adoptBooked, every 10 s)
            if (!callbacks.bookForHolder(a)) {
                return Optional.empty();
            }
            LOG.info("callback key: booked {} on node {} for the holder of lease '{}' (kept place of {})", a, leases.nodeId(),
                    OverflowSteps.LEASE, a.firstJoined());
            inbound.plan(linkedId, CallOutcome.CALLBACK_REQUESTED);
            return Optional.of(c.callback().thanksPrompt());
        }
        if (!callbacks.acceptNow(a)) {
            return Optional.empty();
        }
        LOG.info("callback key: booked {} (kept place of {})", a, a.firstJoined());
        inbound.plan(linkedId, CallOutcome.CALLBACK_REQUESTED);
        return Optional.of(c.callback().thanksPrompt());
    }

    /** A supervisor's actions on waiting callers: move to another desk, take the callback (the wallboard). */
    public WaitingMoves waitingMoves() {
        return moves;
    }

    private int positionFor(String queue, Instant firstJoined) {
        return overflow.positionFor(queue, firstJoined);
    }

    private void later(Runnable task, Duration after) {
        retryTimer.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("callback retry failed", e);
            }
        }, after.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** On the overflow lease's holder: DUE callbacks whose due time fired on another node are dialed here. */
    private void dialDueLeftByOthers() {
        if (!leases.holds(OverflowSteps.LEASE) || config.get().trunkDial().isEmpty()) {
            return;
        }
        // callback-key bookings of nodes without the lease; only once recover ran under this very lease (it follows the
        // place holders an earlier holder left up, which this check would place a second time)
        if (leases.fence(OverflowSteps.LEASE).filter(f -> f.token() == recoveredToken).isPresent()) {
            for (String id : callbacks.adoptBooked()) {
                inbound.plan(id, CallOutcome.CALLBACK_REQUESTED); // the caller's hang-up after "booked" is no abandon here
            }
        }
        try {
            store.findDue().forEach(this::dialDue);
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.warn("DUE callbacks not read ({}); read again in 10 s", e.getMessage());
        }
    }

    /**
     * After-hours callbacks are dialed like overflow callbacks, when overflow.yaml has a trunk-dial, by the node holding the
     * overflow lease (a due time fired on another node leaves the request DUE: the holder dials it within 10 s).
     */
    private void dialDue(CallbackRequest r) {
        if (!leases.holds(OverflowSteps.LEASE)) {
            LOG.info("callback {} is due; left DUE for the node holding lease '{}'", r, OverflowSteps.LEASE);
        } else if (config.get().trunkDial().isEmpty()) {
            LOG.info("callback {} is due; no dialer configured (overflow.yaml trunk-dial), it stays DUE", r);
        } else {
            int priority = 0;
            try {
                priority = webStore.isWeb(r.linkedId()) ? config.get().web().priority() : 0;
            } catch (java.sql.SQLException e) {
                LOG.warn("callback {}: its channel was not read ({}); dialed with priority 0", r.linkedId(), e.getMessage());
            }
            callbacks.dialDue(r, priority);
        }
    }

    /**
     * At gaining the overflow lease: callbacks stored as being dialed are taken over against the live channels of every
     * box ({@code CoreShowChannels} on each link; a box that does not answer fails it: retried at the next lease gain).
     */
    private void recoverCallbacks(long token) {
        // the connected boxes' channels; a callback whose trunk slot is on a box that is down now is left as stored (its
        // place holder may still be up there): taken over when that box's link is back
        java.util.concurrent.CompletableFuture<List<String>> all = java.util.concurrent.CompletableFuture.completedFuture(List.of());
        List<String> down = new java.util.ArrayList<>();
        for (Map.Entry<String, AmiClient> link : links.entrySet()) {
            if (!link.getValue().isConnected()) {
                down.add(link.getKey());
                continue;
            }
            java.util.concurrent.CompletableFuture<List<String>> one = link.getValue().sendForList(AmiAction.of("CoreShowChannels"),
                    "CoreShowChannelsComplete")
                    .thenApply(list -> list.stream().map(m -> m.get("Channel")).filter(Objects::nonNull).toList());
            all = all.thenCombine(one, (x, y) -> java.util.stream.Stream.concat(x.stream(), y.stream()).toList());
        }
        all.whenComplete((channels, err) -> {
            if (err != null) {
                LOG.error("callbacks being dialed not taken over: CoreShowChannels failed; retried at the next reconnect", err);
                return;
            }
            try {
                Set<String> elsewhere = callbacksOnBoxes(down);
                if (callbacks.recover(channels, elsewhere::contains) >= 0) {
                    recoveredToken = token;
                }
            } catch (java.sql.SQLException | RuntimeException e) {
                LOG.error("taking over callbacks being dialed failed ({} live channels; boxes down {})", channels.size(), down, e);
            }
        });
    }

    /** Ids of the callbacks whose trunk slot is on one of {@code boxes} (their place holders' box). */
    private Set<String> callbacksOnBoxes(List<String> boxes) throws java.sql.SQLException {
        Set<String> out = new java.util.HashSet<>();
        if (boxes.isEmpty()) {
            return out;
        }
        try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT call_key, box FROM trunk_slot WHERE call_key LIKE 'cb-%'"); java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (boxes.contains(rs.getString(2))) {
                    out.add(rs.getString(1).substring(3));
                }
            }
        }
        LOG.warn("boxes {} are down: callbacks {} placed there are taken over when their box is back", boxes, out);
        return out;
    }

    @Override
    public void close() {
        undo.forEach(Runnable::run);
        overflow.close();
        retryTimer.shutdownNow();
        callbacks.close();
    }
}
