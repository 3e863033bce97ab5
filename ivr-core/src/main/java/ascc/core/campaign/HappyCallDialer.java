package ascc.core.campaign;

import ascc.agi.AgiRequest;
import ascc.agi.flows.HappyCallFlow;
import ascc.core.cluster.TrunkSlotFailure;
import ascc.core.cluster.TrunkSlots;
import ascc.core.happycall.Dialer;
import ascc.core.happycall.HappyCalls;
import ascc.core.happycall.OutboundRequest;
import ascc.routing.asterisk.Channels;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.Campaign;
import ascc.routing.campaign.CampaignsConfig;
import ascc.routing.campaign.Pacer;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link Dialer} of happy-calls: places each {@link OutboundRequest} once through the campaigns'
 * {@link OutboundDialer} (AMI Originate into the request's FastAGI script), paced like a campaign: the happy-call
 * campaign's own {@link Pacer} (max concurrent, calls per second) on the engine's shared trunk-channel limit, and only
 * when {@link CampaignRunner#blocked} allows it (AMI up, not paused by {@code ivr campaign pause}, inside the window,
 * never on a holiday). One attempt per request, one {@link Dialer.Outcome} per request; nothing is billable (no
 * campaign attempt row is written). A request that could not be placed within {@link #MAX_QUEUE_WAIT} completes with
 * {@code attempts == 0}: the happy-call goes back to scheduled. One named worker thread places the calls.
 */
public final class HappyCallDialer implements Dialer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HappyCallDialer.class);
    /** Longest a request waits here for AMI, the window or pacing before it is handed back unplaced. */
    public static final Duration MAX_QUEUE_WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private record Pending(OutboundRequest request, CompletableFuture<Outcome> future, Instant queuedAt) {
    }

    private final CampaignRunner.Dialer dialer;
    private final CampaignRunner runner;
    private final Supplier<CampaignsConfig> campaigns;
    private final Clock clock;
    private final Object lock = new Object();
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private final Set<String> held = new HashSet<>();
    private final Map<String, Pacer> pacers = new HashMap<>();
    private final Thread worker;
    private volatile boolean closed;

    /**
     * @param dialer places one call ({@link OutboundDialer#dial} in the engine)
     * @param runner the campaign runner: its trunk limit and {@link CampaignRunner#blocked} rules are shared
     */
    public HappyCallDialer(CampaignRunner.Dialer dialer, CampaignRunner runner, Supplier<CampaignsConfig> campaigns, Clock clock) {
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.worker = new Thread(this::work, "happy-call-dialer");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public CompletionStage<Outcome> dial(OutboundRequest request) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        synchronized (lock) {
            if (closed) {
                f.complete(new Outcome(AttemptResult.FAILED, "not placed: dialer stopped", 0));
                return f;
            }
            if (!held.add(request.requestId())) {
                f.complete(new Outcome(AttemptResult.FAILED, "not placed: request " + request.requestId() + " is placed already", 0));
                return f;
            }
            queue.addLast(new Pending(request, f, clock.instant()));
            lock.notifyAll();
        }
        LOG.debug("happy-call request queued: {}", request);
        return f;
    }

    /** Request ids queued or up now (recovery leaves their rows alone). */
    public Set<String> held() {
        synchronized (lock) {
            return Set.copyOf(held);
        }
    }

    private void work() {
        while (!closed) {
            try {
                step();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException e) {
                LOG.error("happy-call dialer: unexpected error; next try in {} ms", POLL.toMillis(), e);
                pause(POLL);
            }
        }
    }

    /** Places the oldest request if it may start now, else waits a little. */
    private void step() throws InterruptedException, SQLException {
        Pending p;
        synchronized (lock) {
            if (queue.isEmpty()) {
                lock.wait(POLL.toMillis());
                return;
            }
            p = queue.peekFirst();
        }
        Instant now = clock.instant();
        OutboundRequest r = p.request();
        Optional<Campaign> c = campaigns.get().find(r.company(), r.campaign());
        if (c.isEmpty()) {
            unplaced(p, "campaign " + r.company() + "/" + r.campaign() + " is not in campaigns.yaml");
            return;
        }
        Optional<String> blocked = now.isBefore(r.notBefore()) ? Optional.of("not before " + r.notBefore()) : runner.blocked(c.get(), now);
        if (blocked.isEmpty()) {
            Pacer pacer;
            synchronized (lock) {
                pacer = pacers.computeIfAbsent(c.get().key(), k -> new Pacer(c.get().pacing(), runner.trunk(), clock));
            }
            Pacer.Admission adm = pacer.tryStart();
            if (adm instanceof Pacer.Started s) {
                // a trunk slot of every node's (the global limit, the boxes' capacity), under the call's channel id
                String slotKey = Channels.attemptChannelId(r.requestId());
                try {
                    String box = runner.slots().claim(slotKey, TrunkSlots.HAPPY_CALL);
                    synchronized (lock) {
                        queue.pollFirst();
                    }
                    place(p, s.permit(), slotKey, box);
                    return;
                } catch (TrunkSlotFailure f) {
                    s.permit().release();
                    adm = new Pacer.Full(f.getMessage());
                }
            }
            blocked = Optional.of(adm instanceof Pacer.Full full ? full.reason() : "pacing");
            if (adm instanceof Pacer.Wait w) {
                pause(Duration.between(now, w.until()));
                return;
            }
        }
        if (Duration.between(p.queuedAt(), now).compareTo(MAX_QUEUE_WAIT) >= 0) {
            unplaced(p, blocked.get() + " for " + MAX_QUEUE_WAIT.toSeconds() + " s");
            return;
        }
        synchronized (lock) {
            // the others behind it (another company, another window) are not held up by this one
            if (queue.size() > 1 && queue.peekFirst() == p) {
                queue.addLast(queue.pollFirst());
            }
            lock.wait(POLL.toMillis());
        }
    }

    private void place(Pending p, Pacer.Permit permit, String slotKey, String box) {
        OutboundRequest r = p.request();
        CampaignsConfig cfg = campaigns.get();
        Map<String, String> vars = new HashMap<>(r.variables());
        vars.remove(OutboundRequest.ARG);
        OutboundDialer.Target t = new OutboundDialer.Target(r.requestId(), cfg.dialing().channelFor(r.phone()), r.phone(),
                cfg.dialing().callerId(), Duration.ofSeconds(cfg.dialing().ringSeconds()), r.script(), vars);
        CompletableFuture<OutboundDialer.Result> f;
        try {
            f = dialer.dial(t, box);
        } catch (RuntimeException e) {
            LOG.error("happy-call {}: dialing failed before the call", r, e);
            f = CompletableFuture.completedFuture(new OutboundDialer.Result(AttemptResult.FAILED, "not dialed: " + e.getMessage()));
        }
        f.whenComplete((res, err) -> {
            runner.slots().release(slotKey);
            permit.release();
            synchronized (lock) {
                held.remove(r.requestId());
                lock.notifyAll();
            }
            p.future().complete(err == null ? new Outcome(res.result(), res.asteriskResult(), 1)
                    : new Outcome(AttemptResult.FAILED, "dialer error: " + err, 1));
        });
    }

    private void unplaced(Pending p, String why) {
        synchronized (lock) {
            queue.remove(p);
            held.remove(p.request().requestId());
        }
        LOG.info("happy-call {} not placed: {}", p.request(), why);
        p.future().complete(new Outcome(AttemptResult.FAILED, "not placed: " + why, 0));
    }

    private void pause(Duration d) {
        try {
            synchronized (lock) {
                lock.wait(Math.max(1, d.toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The happy-call flow's port, telling the outbound dialer when a happy-call's AGI session starts and ends, so its
     * request ends with the script's result (completed, partial, refused) instead of a bare hangup.
     */
    public HappyCallFlow.Port sessions(HappyCallFlow.Port inner, OutboundDialer outbound) {
        return new HappyCallFlow.Port() {
            @Override
            public Optional<HappyCallFlow.Script> open(String id, AgiRequest call) {
                Optional<HappyCallFlow.Script> s = inner.open(id, call);
                if (s.isPresent()) {
                    outbound.sessionStarted(HappyCalls.requestId(id));
                }
                return s;
            }

            @Override
            public void answered(String id, String questionId, int score, AgiRequest call) {
                inner.answered(id, questionId, score, call);
            }

            @Override
            public void finished(String id, int answered, int asked, boolean hungUp, AgiRequest call) {
                inner.finished(id, answered, asked, hungUp, call);
                AttemptResult result = answered == asked ? AttemptResult.COMPLETED : answered > 0 ? AttemptResult.PARTIAL
                        : AttemptResult.REFUSED;
                outbound.sessionEnded(HappyCalls.requestId(id), result, answered + " of " + asked + " answered"
                        + (hungUp ? ", customer hung up" : ""));
            }
        };
    }

    /** Stops placing; queued requests complete unplaced (their happy-calls go back to scheduled). */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        synchronized (lock) {
            for (Pending p : queue) {
                held.remove(p.request().requestId());
                p.future().complete(new Outcome(AttemptResult.FAILED, "not placed: dialer stopped", 0));
            }
            queue.clear();
        }
    }
}
