package ascc.core.campaign;

import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiClient;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiEvents;
import ascc.core.ami.AmiMessage;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.asterisk.Channels;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places one outbound call per {@link Target} with an asynchronous AMI {@code Originate} straight into a FastAGI script
 * and reports exactly one {@link Result} per target. Generic: it knows nothing of campaigns; the caller names the
 * script, the channel variables and the attempt id. The originated channel gets the unique id
 * {@code ascc-att-<attempt id>} ({@code ChannelId}) and the variable {@code CC_ATTEMPT=<attempt id>}, which the AGI
 * script reads to find its attempt.
 *
 * <p>How the result is found:
 * <ul>
 *   <li>not answered: the {@code OriginateResponse} reason (5 busy, 3 no answer, 8 congestion, 0/1 failed), refined by
 *       the Q.850 cause of the channel's {@code Hangup} (1/28 invalid number, 17 busy, 18/19 no answer, 34/38/41/42
 *       congestion);</li>
 *   <li>answered: what the AGI session reports through {@link #sessionEnded} (completed, partial, refused). If the
 *       channel hangs up and no session started within a grace time, the attempt failed;</li>
 *   <li>AMI lost while an attempt is up (the Originate's answer never came): after the reconnect the live channels are
 *       read; a gone channel resolves the attempt from its session if one ran, else as failed. Nothing is dialed again.</li>
 * </ul>
 */
public final class OutboundDialer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundDialer.class);

    /** Wait for a Hangup's cause after a failed Originate, and for a session to start after an answered channel hung up. */
    static final Duration GRACE = Duration.ofSeconds(3);
    /** Longest an answered call may run before the attempt is closed as failed. */
    static final Duration MAX_TALK = Duration.ofMinutes(30);

    /**
     * One call to place.
     *
     * @param attemptId the caller's id of this attempt (digits and letters); unique among calls up
     * @param channel Asterisk channel to call, e.g. {@code PJSIP/0105550001@ascc-outbound}
     * @param number the customer's number (for masked logs only)
     * @param callerId number shown to the customer, empty for the trunk's own
     * @param ring ring time before the attempt counts as no answer
     * @param script FastAGI script run once answered, e.g. {@code survey}
     * @param variables more channel variables for the script
     */
    public record Target(String attemptId, String channel, String number, String callerId, Duration ring, String script,
            Map<String, String> variables) {
        public Target {
            Objects.requireNonNull(attemptId, "attemptId");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(callerId, "callerId");
            Objects.requireNonNull(ring, "ring");
            Objects.requireNonNull(script, "script");
            variables = Map.copyOf(variables);
            if (!attemptId.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("attempt id must be 1..64 letters, digits, '_' or '-' (attemptId=" + attemptId + ")");
            }
        }

        @Override
        public String toString() {
            return "Target[attempt=" + attemptId + ", number=" + ascc.routing.Phones.mask(number) + ", script=" + script + "]";
        }
    }

    /**
     * The one result of a target.
     *
     * @param result how the attempt ended
     * @param asteriskResult Asterisk's words: Originate reason, hangup cause, session detail
     */
    public record Result(AttemptResult result, String asteriskResult) {
    }

    /** What the dialer needs from AMI; {@link #of(AmiClient)} over the real client, a fake in tests. */
    public interface Ami {
        CompletableFuture<AmiEvents.OriginateResponse> originate(AmiAction originate, Duration timeout);

        /** Sends {@code originate} through box {@code box}'s link (null: the one link). */
        default CompletableFuture<AmiEvents.OriginateResponse> originate(String box, AmiAction originate, Duration timeout) {
            return originate(originate, timeout);
        }

        /** Unique ids of every channel up now. */
        CompletableFuture<Set<String>> liveUniqueIds();

        /**
         * Over every box's link ({@code AmiLinks.byBox()}, engine.yaml's order): an originate goes to its box's link (the
         * first box's without one); the live channels are every box's (failing when any box cannot list them).
         */
        static Ami of(Map<String, AmiClient> byBox) {
            Map<String, AmiClient> links = Map.copyOf(byBox);
            AmiClient first = byBox.values().iterator().next();
            Map<String, Ami> each = new java.util.LinkedHashMap<>();
            byBox.forEach((id, c) -> each.put(id, of(c)));
            return new Ami() {
                @Override
                public CompletableFuture<AmiEvents.OriginateResponse> originate(AmiAction originate, Duration timeout) {
                    return first.originateAsync(originate, timeout);
                }

                @Override
                public CompletableFuture<AmiEvents.OriginateResponse> originate(String box, AmiAction originate, Duration timeout) {
                    AmiClient c = box == null ? first : links.get(box);
                    if (c == null) {
                        throw new IllegalArgumentException("no AMI link to box " + box + " (boxes: " + links.keySet() + ")");
                    }
                    return c.originateAsync(originate, timeout);
                }

                @Override
                public CompletableFuture<Set<String>> liveUniqueIds() {
                    List<CompletableFuture<Set<String>>> all = each.values().stream().map(Ami::liveUniqueIds).toList();
                    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(v -> {
                        Set<String> ids = new HashSet<>();
                        all.forEach(f -> ids.addAll(f.join()));
                        return ids;
                    });
                }
            };
        }

        static Ami of(AmiClient client) {
            return new Ami() {
                @Override
                public CompletableFuture<AmiEvents.OriginateResponse> originate(AmiAction originate, Duration timeout) {
                    return client.originateAsync(originate, timeout);
                }

                @Override
                public CompletableFuture<Set<String>> liveUniqueIds() {
                    return client.sendForList(AmiAction.of("CoreShowChannels"), "CoreShowChannelsComplete").thenApply(list -> {
                        Set<String> ids = new HashSet<>();
                        for (AmiMessage m : list) {
                            String id = m.get("Uniqueid");
                            if (id != null) {
                                ids.add(id);
                            }
                        }
                        return ids;
                    });
                }
            };
        }
    }

    private final Ami ami;
    private final String agiBaseUrl;
    private final Secret agiSecret;
    private final Timers timers;
    private final Map<String, Call> calls = new ConcurrentHashMap<>();

    /**
     * @param agiBaseUrl this engine's FastAGI URL without the script, e.g. {@code agi://127.0.0.1:4573/}
     */
    public OutboundDialer(Ami ami, String agiBaseUrl, Secret agiSecret) {
        this(ami, agiBaseUrl, agiSecret, Timers.daemon("campaign-dialer-timer"));
    }

    /** With its own timers and no AGI secret (tests run them by hand). */
    OutboundDialer(Ami ami, String agiBaseUrl, Timers timers) {
        this(ami, agiBaseUrl, Secret.of(""), timers);
    }

    /**
     * @param agiSecret engine.yaml {@code agi.secret}, sent as the first argument of the AGI call (empty: none)
     */
    OutboundDialer(Ami ami, String agiBaseUrl, Secret agiSecret, Timers timers) {
        this.ami = Objects.requireNonNull(ami, "ami");
        this.agiBaseUrl = agiBaseUrl.endsWith("/") ? agiBaseUrl : agiBaseUrl + "/";
        this.agiSecret = Objects.requireNonNull(agiSecret, "agiSecret");
        this.timers = Objects.requireNonNull(timers, "timers");
    }

    /** Delayed tasks of the dialer: grace times and the longest call. */
    interface Timers {
        void schedule(Runnable task, Duration delay);

        void shutdown();

        static Timers daemon(String threadName) {
            ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            return new Timers() {
                @Override
                public void schedule(Runnable task, Duration delay) {
                    ex.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
                }

                @Override
                public void shutdown() {
                    ex.shutdownNow();
                }
            };
        }
    }

    /** Subscribes to {@code client}'s events and resyncs. */
    public OutboundDialer attach(AmiClient client) {
        client.subscribe("dialer", AMI_EVENTS::contains, this::onEvent);
        client.onResync("dialer", this::resync);
        return this;
    }

    /** Originates {@code t}; completes exactly once with the attempt's result (never exceptionally). */
    public CompletableFuture<Result> dial(Target t) {
        return dial(t, null);
    }

    /** Originates {@code t} through box {@code box}'s link (null: the first box's); as {@link #dial(Target)}. */
    public CompletableFuture<Result> dial(Target t, String box) {
        Call call = new Call(t);
        if (calls.putIfAbsent(t.attemptId(), call) != null) {
            throw new IllegalStateException("attempt " + t.attemptId() + " is up already; one call per attempt");
        }
        AmiAction a = AmiAction.of("Originate")
                .with("Channel", t.channel())
                .with("Application", "AGI")
                .with("Data", agiBaseUrl + t.script() + (agiSecret.isEmpty() ? "" : "," + agiSecret.reveal()))
                .with("Timeout", t.ring().toMillis())
                .with("ChannelId", Channels.attemptChannelId(t.attemptId()))
                .with("Variable", ChannelVars.assign(ChannelVars.ATTEMPT, t.attemptId()));
        if (!t.callerId().isEmpty()) {
            a = a.with("CallerID", t.callerId());
        }
        for (Map.Entry<String, String> v : t.variables().entrySet()) {
            a = a.with("Variable", v.getKey() + "=" + v.getValue());
        }
        LOG.info("dialing {}", t);
        timers.schedule(() -> call.timeout("no result " + (t.ring().plus(MAX_TALK)).toMinutes() + " min after the dial"),
                t.ring().plus(MAX_TALK));
        CompletableFuture<AmiEvents.OriginateResponse> sent;
        try {
            sent = ami.originate(box, a, t.ring().plus(Duration.ofSeconds(15)));
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((r, err) -> {
            if (err != null) {
                call.lost(err);
            } else {
                call.responded(r);
            }
        });
        return call.future;
    }

    /** The AGI script of {@code attemptId} started (its call was answered). Unknown ids are ignored. */
    public void sessionStarted(String attemptId) {
        Call c = calls.get(attemptId);
        if (c != null) {
            c.sessionStarted();
        }
    }

    /** The AGI script of {@code attemptId} ended with {@code result} (completed, partial or refused). */
    public void sessionEnded(String attemptId, AttemptResult result, String detail) {
        Call c = calls.get(attemptId);
        if (c == null) {
            LOG.warn("session of attempt {} ended ({}, {}) but no call of it is up on this engine", attemptId, result, detail);
            return;
        }
        c.sessionEnded(result, detail);
    }

    /** Calls up now. */
    public int inFlight() {
        return calls.size();
    }

    /** Attempt ids of the calls up now. */
    public Set<String> attemptsUp() {
        return Set.copyOf(calls.keySet());
    }

    /** The AMI events {@link #onEvent} reads. */
    static final Set<String> AMI_EVENTS = Set.of("Hangup");

    /** Feeds an AMI event (Hangup of an originated channel). */
    public void onEvent(AmiEvent e) {
        if (!e.is("Hangup")) {
            return;
        }
        String attempt = Channels.attemptIdOf(e.uniqueId());
        if (attempt == null) {
            return;
        }
        Call c = calls.get(attempt);
        if (c != null) {
            c.hungUp(e.getInt("Cause", -1));
        }
    }

    /** After an AMI (re)connect: calls whose Originate answer was lost are resolved from the live channels. */
    public void resync() {
        List<Call> unknown = new ArrayList<>();
        for (Call c : calls.values()) {
            if (c.needsResync()) {
                unknown.add(c);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        ami.liveUniqueIds().whenComplete((live, err) -> {
            if (err != null) {
                LOG.warn("dialer resync: cannot list channels ({} attempts unresolved); next resync tries again", unknown.size(), err);
                return;
            }
            for (Call c : unknown) {
                c.resolveAfterGap(live.contains(Channels.attemptChannelId(c.target.attemptId())));
            }
        });
    }

    /** Q.850 cause and Originate reason to an attempt result; -1 when unknown. */
    static AttemptResult classify(int reason, int cause) {
        switch (cause) {
            case 1, 28 -> {
                return AttemptResult.INVALID_NUMBER;
            }
            case 17 -> {
                return AttemptResult.BUSY;
            }
            case 18, 19 -> {
                return AttemptResult.NO_ANSWER;
            }
            case 34, 38, 41, 42 -> {
                return AttemptResult.CONGESTION;
            }
            default -> {
                // the reason decides
            }
        }
        return switch (reason) {
            case 5 -> AttemptResult.BUSY;
            case 3 -> AttemptResult.NO_ANSWER;
            case 8 -> AttemptResult.CONGESTION;
            default -> AttemptResult.FAILED;
        };
    }

    @Override
    public void close() {
        timers.shutdown();
        if (!calls.isEmpty()) {
            LOG.warn("dialer stopped with {} calls up (attempts {}); their attempts stay open until recovery closes them",
                    calls.size(), calls.keySet());
        }
    }

    /** One call's state; every change under its own lock, the result set once. */
    private final class Call {
        final Target target;
        final CompletableFuture<Result> future = new CompletableFuture<>();
        Boolean answered;
        int reason = -1;
        int cause = -1;
        boolean hungUp;
        boolean lost;
        boolean sessionStarted;
        Result session;

        Call(Target target) {
            this.target = target;
        }

        synchronized void responded(AmiEvents.OriginateResponse r) {
            reason = r.reason();
            answered = r.success();
            lost = false;
            if (!answered && cause < 0) {
                // the Hangup with the cause usually came first; give it a moment if not
                timers.schedule(this::settle, GRACE);
                return;
            }
            settle();
        }

        synchronized void lost(Throwable err) {
            if (future.isDone()) {
                return;
            }
            Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
            if (cause instanceof ascc.core.ami.AmiException ae
                    && (ae.response() != null || String.valueOf(ae.getMessage()).startsWith("AMI not connected"))) {
                // Asterisk refused the Originate, or it was never sent: nobody was called
                complete(new Result(AttemptResult.FAILED, "not placed: " + ae.getMessage()));
                return;
            }
            lost = true;
            LOG.warn("attempt {}: the Originate's answer was lost ({}); resolved at the next AMI resync", target.attemptId(),
                    err.toString());
            if (session != null) {
                settle();
            } else {
                timers.schedule(OutboundDialer.this::resync, Duration.ofSeconds(1));
            }
        }

        synchronized boolean needsResync() {
            return lost && !future.isDone();
        }

        synchronized void resolveAfterGap(boolean live) {
            if (future.isDone() || !lost) {
                return;
            }
            if (live) {
                LOG.info("attempt {}: channel still up after the AMI gap; waiting for its end", target.attemptId());
                answered = answered == null ? Boolean.TRUE : answered;
                return;
            }
            if (session != null) {
                complete(session);
            } else if (!sessionStarted) {
                complete(new Result(cause > 0 ? classify(reason, cause) : AttemptResult.FAILED,
                        "lost during AMI reconnect" + (cause > 0 ? " cause=" + cause : "")));
            }
            // a session that started reports its end itself
        }

        synchronized void hungUp(int q850) {
            cause = q850;
            hungUp = true;
            if (Boolean.TRUE.equals(answered) || lost) {
                timers.schedule(this::settleAfterHangup, GRACE);
            } else if (Boolean.FALSE.equals(answered)) {
                settle();
            }
        }

        synchronized void sessionStarted() {
            sessionStarted = true;
            if (answered == null && !lost) {
                answered = Boolean.TRUE;
            }
        }

        synchronized void sessionEnded(AttemptResult result, String detail) {
            session = new Result(result, "answered; " + detail);
            settle();
        }

        synchronized void settle() {
            if (future.isDone()) {
                return;
            }
            if (session != null) {
                complete(session);
            } else if (Boolean.FALSE.equals(answered)) {
                complete(new Result(classify(reason, cause), "reason=" + reason + " cause=" + cause));
            }
        }

        synchronized void settleAfterHangup() {
            if (future.isDone() || session != null || sessionStarted) {
                settle();
                return;
            }
            complete(new Result(AttemptResult.FAILED, "answered, no session; cause=" + cause));
        }

        synchronized void timeout(String why) {
            if (!future.isDone()) {
                complete(new Result(session != null ? session.result() : AttemptResult.FAILED, why));
            }
        }

        void complete(Result r) {
            if (calls.remove(target.attemptId(), this) || !future.isDone()) {
                LOG.info("attempt {} ({}): {} ({})", target.attemptId(), ascc.routing.Phones.mask(target.number()), r.result(),
                        r.asteriskResult());
                future.complete(r);
            }
        }
    }
}
