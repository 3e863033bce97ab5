package ascc.core.campaign;

import ascc.core.cluster.TrunkClaims;
import ascc.core.cluster.TrunkSlotFailure;
import ascc.core.cluster.TrunkSlots;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.asterisk.Channels;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.Campaign;
import ascc.routing.campaign.CampaignKind;
import ascc.routing.campaign.CampaignsConfig;
import ascc.routing.campaign.Pacer;
import ascc.routing.campaign.RetryPolicy;
import ascc.routing.campaign.TrunkChannels;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one campaign's dialing: claims due attempts (the attempt row is committed before anything is dialed), dials them
 * through a {@link Dialer} as fast as the campaign's {@link Pacer} allows (its concurrency cap, calls per second and the
 * global trunk limit), only while the campaign is running (not paused), inside its call window (center time zone, never
 * on a holiday) and before its end date, and records each attempt's one result with the retry decision. {@link #run}
 * returns when nothing is due and none of its calls is up, or when the campaign may not dial any more (window closed,
 * paused); calls still up then end first. The Quartz {@link CampaignJob} calls it per the campaign's cron.
 */
public final class CampaignRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignRunner.class);
    /** Longest wait for a call to end before the loop looks again. */
    private static final Duration POLL = Duration.ofMillis(500);
    /** An open attempt older than its ring time plus this, without a live channel, was lost (engine killed, AMI gap). */
    static final Duration ORPHAN_AFTER = Duration.ofSeconds(20);

    /**
     * Places calls; {@code outboundDialer::dial} ({@link OutboundDialer#dial(OutboundDialer.Target, String)}) in the engine, a
     * fake in tests. The box is the one method to implement: a dialer that dropped it would place a call claimed on one box
     * through another (a happy-call's did, through the first box's link, before 2026-12-06).
     */
    @FunctionalInterface
    public interface Dialer {
        /** Places {@code target} through box {@code box}'s link (null: the dialer's own link, the first box's). */
        CompletableFuture<OutboundDialer.Result> dial(OutboundDialer.Target target, String box);

        /** Places {@code target} through the dialer's own link. */
        default CompletableFuture<OutboundDialer.Result> dial(OutboundDialer.Target target) {
            return dial(target, null);
        }
    }

    /** Waits; real time in the engine, a moving virtual clock in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * What one run did.
     *
     * @param dialed attempts dialed by this run
     * @param stoppedBecause why the run ended
     */
    public record RunSummary(int dialed, String stoppedBecause) {
    }

    private final CampaignStore store;
    private final DialerStore dialerStore;
    private final Dialer dialer;
    private final Supplier<CampaignsConfig> campaigns;
    private final Supplier<ZoneId> zone;
    private final Supplier<Set<LocalDate>> holidays;
    private final Function<Campaign, String> script;
    private final Clock clock;
    private final Sleeper sleeper;
    private final TrunkChannels trunk;
    private final java.util.function.BooleanSupplier connected;
    private final TrunkClaims slots;
    private final Map<String, Pacer> pacers = new ConcurrentHashMap<>();
    private final Object ended = new Object();
    private volatile boolean stopped;

    /**
     * @param script the FastAGI script a campaign's answered calls run (e.g. {@code survey})
     * @param connected true while calls can be placed (AMI connected); a run stops when it is false
     */
    public CampaignRunner(CampaignStore store, DialerStore dialerStore, Dialer dialer, Supplier<CampaignsConfig> campaigns,
            Supplier<ZoneId> zone, Supplier<Set<LocalDate>> holidays, Function<Campaign, String> script, Clock clock, Sleeper sleeper,
            java.util.function.BooleanSupplier connected) {
        this(store, dialerStore, dialer, campaigns, zone, holidays, script, clock, sleeper, connected, TrunkClaims.NONE);
    }

    /**
     * @param slots the trunk slots of every node (the global limit, the boxes): a slot is claimed before each attempt
     */
    public CampaignRunner(CampaignStore store, DialerStore dialerStore, Dialer dialer, Supplier<CampaignsConfig> campaigns,
            Supplier<ZoneId> zone, Supplier<Set<LocalDate>> holidays, Function<Campaign, String> script, Clock clock, Sleeper sleeper,
            java.util.function.BooleanSupplier connected, TrunkClaims slots) {
        this.slots = Objects.requireNonNull(slots, "slots");
        this.store = Objects.requireNonNull(store, "store");
        this.dialerStore = Objects.requireNonNull(dialerStore, "dialerStore");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.holidays = Objects.requireNonNull(holidays, "holidays");
        this.script = Objects.requireNonNull(script, "script");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.trunk = new TrunkChannels(campaigns.get().trunkChannels());
        this.connected = Objects.requireNonNull(connected, "connected");
    }

    /** Trunk channels used by campaign calls of this engine now. */
    public TrunkChannels trunk() {
        return trunk;
    }

    /** The trunk slots every dial claims one of (shared with the happy-call dialer). */
    public TrunkClaims slots() {
        return slots;
    }

    /** Calls of campaign {@code company/id} up on this engine now. */
    public int active(String key) {
        Pacer p = pacers.get(key);
        return p == null ? 0 : p.active();
    }

    /** Dials campaign {@code company/id} until nothing is due or it may not dial; returns what it did. */
    public RunSummary run(String company, String id) throws SQLException, InterruptedException {
        Campaign c = campaigns.get().find(company, id).orElse(null);
        if (c == null) {
            LOG.warn("campaign {}/{} is scheduled but not in campaigns.yaml any more; nothing dialed", company, id);
            return new RunSummary(0, "not in campaigns.yaml");
        }
        // a reloaded pacing starts with the next run in which none of the campaign's calls is up
        Pacer pacer = pacers.compute(c.key(), (k, p) -> p == null || !p.pacing().equals(c.pacing()) && p.active() == 0
                ? new Pacer(c.pacing(), trunk, clock) : p);
        int dialed = 0;
        String stop;
        while (true) {
            Instant now = clock.instant();
            // the running campaigns.yaml at each call: a reloaded window or retry rule applies from the next call
            Campaign live = campaigns.get().find(company, id).orElse(c);
            Optional<String> blocked = stopped ? Optional.of("engine stopping") : blocked(live, now);
            if (blocked.isPresent()) {
                stop = blocked.get();
                break;
            }
            Pacer.Admission adm = pacer.tryStart();
            if (adm instanceof Pacer.Started s) {
                // the trunk slot first (every node's calls count), under a key of its own until the attempt has its id
                String slotKey = "claim-" + UUID.randomUUID();
                String box;
                try {
                    box = slots.claim(slotKey, TrunkSlots.CAMPAIGN);
                } catch (TrunkSlotFailure f) {
                    s.permit().release();
                    if (f.kind() == TrunkSlotFailure.Kind.FATAL) {
                        LOG.error("campaign {}: trunk slots failed; run stopped: {}", c.key(), f.getMessage(), f);
                        stop = "trunk slots failed: " + f.getMessage();
                        break;
                    }
                    LOG.debug("campaign {}: waiting for a trunk slot: {}", c.key(), f.getMessage());
                    awaitEnd();
                    continue;
                }
                Optional<CampaignStore.Attempt> a;
                try {
                    a = store.claimNextAttempt(company, id, now);
                    if (a.isPresent()) {
                        slotKey = rekey(slotKey, Channels.attemptChannelId(Long.toString(a.get().id())));
                    }
                } catch (SQLException | RuntimeException e) {
                    slots.release(slotKey);
                    s.permit().release();
                    throw e;
                }
                if (a.isEmpty()) {
                    slots.release(slotKey);
                    s.permit().release();
                    if (pacer.active() == 0) {
                        stop = "nothing due";
                        break;
                    }
                    awaitEnd();
                    continue;
                }
                dialed++;
                dial(live, a.get(), s.permit(), slotKey, box);
            } else if (adm instanceof Pacer.Wait w) {
                sleeper.sleep(Duration.between(now, w.until()));
            } else {
                awaitEnd();
            }
        }
        while (pacer.active() > 0 && !stopped) {
            awaitEnd();
        }
        if (dialed > 0) {
            LOG.info("campaign {}: run ended after {} dials ({})", c.key(), dialed, stop);
        } else {
            LOG.debug("campaign {}: nothing dialed ({})", c.key(), stop);
        }
        return new RunSummary(dialed, stop);
    }

    /** Why {@code c} may not dial at {@code now}, or empty if it may. */
    public Optional<String> blocked(Campaign c, Instant now) throws SQLException {
        if (!connected.getAsBoolean()) {
            return Optional.of("AMI not connected");
        }
        Optional<String> state = dialerStore.state(c.company(), c.id());
        if (state.isEmpty() && c.kind() == CampaignKind.SURVEY) {
            return Optional.of("not started (ivr campaign start)");
        }
        if (state.isPresent() && !DialerStore.RUNNING.equals(state.get())) {
            return Optional.of(state.get());
        }
        ZoneId z = zone.get();
        Optional<Instant> deadline = deadline(c, z);
        if (deadline.isPresent() && !now.isBefore(deadline.get())) {
            return Optional.of("past its end date " + c.endDate().orElseThrow());
        }
        Set<LocalDate> h = holidays.get();
        Predicate<LocalDate> holiday = h::contains;
        if (!c.window().contains(now, z, holiday)) {
            return Optional.of("outside its call window");
        }
        return Optional.empty();
    }

    private static Optional<Instant> deadline(Campaign c, ZoneId z) {
        return c.endDate().map(d -> d.plusDays(1).atStartOfDay(z).toInstant());
    }

    /**
     * The slot {@code from} renamed to the attempt's channel id (what its hang-up names, so any node gives it back); if that
     * fails the slot keeps its first key and is given back by this node when the call ends, or expires.
     */
    private String rekey(String from, String to) {
        try {
            slots.rekey(from, to);
            return to;
        } catch (TrunkSlotFailure f) {
            LOG.warn("trunk slot {} not renamed to {} ({}); given back when the call ends", from, to, f.getMessage());
            return from;
        }
    }

    private void dial(Campaign c, CampaignStore.Attempt a, Pacer.Permit permit, String slotKey, String box) {
        OutboundDialer.Target t = new OutboundDialer.Target(Long.toString(a.id()), campaigns.get().dialing().channelFor(a.phone()),
                a.phone(), campaigns.get().dialing().callerId(), Duration.ofSeconds(campaigns.get().dialing().ringSeconds()),
                script.apply(c), Map.of(ChannelVars.CAMPAIGN, c.id(), ChannelVars.COMPANY, c.company()));
        CompletableFuture<OutboundDialer.Result> f;
        try {
            f = dialer.dial(t, box);
        } catch (RuntimeException e) {
            LOG.error("campaign {}: dialing {} failed before the call", c.key(), a, e);
            f = CompletableFuture.completedFuture(new OutboundDialer.Result(AttemptResult.FAILED, "not dialed: " + e.getMessage()));
        }
        f.whenComplete((r, err) -> {
            try {
                OutboundDialer.Result res = err == null ? r : new OutboundDialer.Result(AttemptResult.FAILED, "dialer error: " + err);
                finish(c, a, res);
            } finally {
                slots.release(slotKey);
                permit.release();
                synchronized (ended) {
                    ended.notifyAll();
                }
            }
        });
    }

    /** Records the one result of {@code a} with the retry decision; false if it had one already. */
    boolean finish(Campaign c, CampaignStore.Attempt a, OutboundDialer.Result r) {
        Instant endedAt = clock.instant();
        RetryPolicy.Decision d = c.retryPolicy().decide(r.result(), a.attemptNo(), endedAt, deadline(c, zone.get()));
        boolean billable = c.kind() == CampaignKind.SURVEY && r.result() == AttemptResult.COMPLETED;
        try {
            boolean done = store.finishAttempt(a, r.result(), r.asteriskResult(), endedAt, d, billable);
            if (!done) {
                LOG.info("campaign {}: {} had its result already; {} ignored", c.key(), a, r.result());
            }
            return done;
        } catch (SQLException | RuntimeException e) {
            LOG.error("campaign {}: cannot record {} of {} (decision {}); recovery closes it later", c.key(), r.result(), a, d, e);
            return false;
        }
    }

    /**
     * Closes attempts left open by an engine that died (kill -9) or lost AMI: open longer than ring time plus 20 s,
     * not up on this engine and without a live channel ({@code live}: unique ids of Asterisk's channels). The answers
     * stored so far decide (all = completed, some = partial), else the attempt failed. Never dials.
     *
     * @return the number of attempts closed
     */
    public int recover(Set<String> attemptsUpHere, Set<String> live) throws SQLException {
        Instant now = clock.instant();
        Duration ring = Duration.ofSeconds(campaigns.get().dialing().ringSeconds());
        int closed = 0;
        for (CampaignStore.Attempt a : dialerStore.openAttempts(now.minus(ring).minus(ORPHAN_AFTER))) {
            String id = Long.toString(a.id());
            if (attemptsUpHere.contains(id) || live.contains(Channels.attemptChannelId(id))) {
                continue;
            }
            Campaign c = campaigns.get().find(a.company(), a.campaign()).orElse(null);
            if (c == null) {
                LOG.warn("open attempt {} belongs to no campaign in campaigns.yaml; left open", a);
                continue;
            }
            Map<String, Integer> answers = dialerStore.answers(a.id());
            AttemptResult result = answers.isEmpty() ? AttemptResult.FAILED
                    : answers.size() >= c.questions().size() ? AttemptResult.COMPLETED : AttemptResult.PARTIAL;
            if (finish(c, a, new OutboundDialer.Result(result, "recovered: call lost by its engine, " + answers.size() + " answers"))) {
                closed++;
                LOG.warn("campaign {}: {} was left open by a lost engine or AMI link; closed as {} (not dialed again)", c.key(), a,
                        result);
            }
        }
        return closed;
    }

    /** Ends every run soon: no new dial; calls up are left to end (their attempts are closed by them or by recovery). */
    public void stop() {
        stopped = true;
        synchronized (ended) {
            ended.notifyAll();
        }
    }

    private void awaitEnd() throws InterruptedException {
        synchronized (ended) {
            ended.wait(POLL.toMillis());
        }
    }
}
