package ascc.core.happycall;

import ascc.agi.AgiRequest;
import ascc.agi.flows.HappyCallFlow;
import ascc.core.callbacks.CallbackRequest;
import ascc.routing.callbacks.FollowUpStatus;
import ascc.routing.calls.CallOutcome;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordWriter;
import ascc.routing.InquiryType;
import ascc.routing.Phones;
import ascc.routing.asterisk.Channels;
import ascc.routing.campaign.AttemptResult;
import ascc.routing.campaign.Campaign;
import ascc.routing.campaign.CampaignKind;
import ascc.routing.campaign.CampaignsConfig;
import ascc.routing.campaign.HappyCallPlanner;
import ascc.routing.campaign.HappyCallRules;
import ascc.routing.campaign.Question;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import ascc.routing.happycall.HappyCallStatus;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Happy-calls end to end on the engine side.
 * <ul>
 *   <li>{@link #sink}: wraps the call-record sink, so every call record WRITTEN to the database (also one replayed from
 *       the spool later) is looked at once it is stored; a qualifying one gets a happy-call (one per original call,
 *       tied to its agent), planned by {@link HappyCallPlanner} in the company's window, never on a holiday, at most one
 *       per customer per N days, never to a number on the do-not-call list.</li>
 *   <li>{@link #dispatchDue}: hands due happy-calls to the outbound {@link Dialer} port.</li>
 *   <li>The {@link HappyCallFlow.Port} of the AGI flow: the script (company prompt, questions), scores stored per
 *       question, a score at or below the company's low-score opens a follow-up callback task for the senior desk,
 *       with the reason and the original call.</li>
 * </ul>
 * Happy-calls are never billable: nothing here marks anything billable, and {@link OutboundRequest#billable()} is false.
 */
public final class HappyCalls implements HappyCallFlow.Port {
    private static final Logger LOG = LoggerFactory.getLogger(HappyCalls.class);
    /** Played after a wrong key (Asterisk core sound). */
    static final String INVALID = "invalid";
    /** Played at the end (Asterisk core sound). */
    static final String THANKS = "auth-thankyou";
    private static final int NEXT_OPENING_DAYS = 31;

    /** Journals a score before the flow goes on (production: the {@link HappyAnswers} writer); false: refused. */
    @FunctionalInterface
    public interface Answers {
        boolean journal(HappyAnswer answer);
    }

    /** Opens a follow-up task (production: {@code CallbackService::request}). */
    @FunctionalInterface
    public interface FollowUps {
        void open(CallbackRequest task) throws Exception;
    }

    private final HappyCallStore store;
    private final Supplier<CampaignsConfig> campaigns;
    private final Supplier<CenterConfig> center;
    private final FollowUps followUps;
    private final Answers answers;
    /** Happy-calls in progress on this node (opened, not finished): an answer is journaled without reading the database. */
    private final Map<Long, HappyCall> inProgress = new ConcurrentHashMap<>();
    private final BiFunction<String, String, String> prompts;
    private final Clock clock;

    /**
     * @param prompts the sound file of a prompt name of a company (company id, prompt name from campaigns.yaml)
     */
    public HappyCalls(HappyCallStore store, Supplier<CampaignsConfig> campaigns, Supplier<CenterConfig> center, FollowUps followUps,
            Answers answers, BiFunction<String, String, String> prompts, Clock clock) {
        this.answers = Objects.requireNonNull(answers, "answers");
        this.store = Objects.requireNonNull(store, "store");
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
        this.center = Objects.requireNonNull(center, "center");
        this.followUps = Objects.requireNonNull(followUps, "followUps");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public HappyCallStore store() {
        return store;
    }

    /** {@code inner}, then {@link #recorded} with the records it stored. */
    public CallRecordWriter.Sink sink(CallRecordWriter.Sink inner) {
        return records -> {
            inner.upsert(records);
            recorded(records);
        };
    }

    /** Schedules the happy-calls of stored call records. Never throws: a failure is logged per call and does not undo the write. */
    public void recorded(List<CallRecord> records) {
        for (CallRecord r : records) {
            try {
                schedule(r);
            } catch (SQLException | RuntimeException e) {
                LOG.error("happy-call after call {} (company={}, caller={}) not scheduled", r.linkedId(), r.companyId(),
                        Phones.mask(r.callerNumber()), e);
            }
        }
    }

    /** The happy-call campaign of {@code company}, if it has one. */
    Optional<Campaign> campaignOf(String company) {
        return campaigns.get().of(company).stream().filter(c -> c.kind() == CampaignKind.HAPPY_CALL).findFirst();
    }

    /** Schedules the happy-call after {@code r} if it qualifies; the stored happy-call, or empty. */
    public Optional<HappyCall> schedule(CallRecord r) throws SQLException {
        if (r.companyId() == null || r.callerNumber() == null || r.callerNumber().isBlank()) {
            return Optional.empty();
        }
        Optional<Campaign> campaign = campaignOf(r.companyId());
        if (campaign.isEmpty()) {
            return Optional.empty();
        }
        CenterConfig cfg = center.get();
        ZoneId zone = cfg.engine().timeZone();
        Set<java.time.LocalDate> holidays = cfg.hours().holidayDates();
        HappyCallPlanner planner = new HappyCallPlanner(campaign.get(), zone, holidays::contains);
        String outcome = outcomeId(r.outcome());
        InquiryType type = r.inquiryType() == null ? null : InquiryType.byId(r.inquiryType()).orElse(null);
        if (!planner.rules().qualifies(outcome, type)) {
            LOG.debug("call {} ({}, {}) does not qualify for a happy-call of {}", r.linkedId(), outcome, type, r.companyId());
            return Optional.empty();
        }
        String number = r.callerNumber();
        if (store.onDoNotCall(r.companyId(), number)) {
            LOG.info("no happy-call after call {}: {} is on the do-not-call list (company {})", r.linkedId(), Phones.mask(number),
                    r.companyId());
            return Optional.empty();
        }
        Instant ended = r.endedAt() != null ? r.endedAt() : r.enteredAt();
        HappyCallPlanner.Plan plan = planner.plan(outcome, type, ended, store.latestDue(r.companyId(), number));
        if (!plan.scheduled()) {
            LOG.info("no happy-call after call {} (company {}, caller {}): {}", r.linkedId(), r.companyId(), Phones.mask(number),
                    plan.reason());
            return Optional.empty();
        }
        HappyCall h = new HappyCall(0, r.linkedId(), r.companyId(), campaign.get().id(), r.agentId(), r.deskId(), r.inquiryType(),
                number, ended, plan.dueAt().get(), HappyCallStatus.SCHEDULED, null);
        Optional<Long> id = store.insert(h, clock.instant());
        if (id.isEmpty()) {
            LOG.debug("happy-call after call {} was scheduled already", r.linkedId());
            return Optional.empty();
        }
        HappyCall stored = withId(h, id.get());
        LOG.info("happy-call scheduled: {}", stored);
        return Optional.of(stored);
    }

    private static HappyCall withId(HappyCall h, long id) {
        return new HappyCall(id, h.originalLinkedId(), h.companyId(), h.campaignId(), h.agentId(), h.deskId(), h.inquiryType(),
                h.dialNumber(), h.callEndedAt(), h.dueAt(), h.status(), h.callLinkedId());
    }

    /** {@code ANSWERED} -> {@code answered}, {@code CALLBACK_REQUESTED} -> {@code callback-requested}. */
    static String outcomeId(CallOutcome o) {
        return o.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The {@link OutboundRequest#requestId()} (and channel attempt id) of happy-call {@code id}: {@code happy-<id>}. */
    public static String requestId(String id) {
        return "happy-" + id.trim();
    }

    /** The request a dialer gets for happy-call {@code h} (AGI script happy-call, argument and variable the id). */
    public OutboundRequest request(HappyCall h) {
        Campaign c = campaignOf(h.companyId()).orElseThrow(() -> new IllegalStateException("company " + h.companyId()
                + " has no happy-call campaign any more (happy-call " + h.id() + ")"));
        String id = Long.toString(h.id());
        return new OutboundRequest(requestId(id), h.dialNumber(), h.companyId(), c.id(), HappyCallFlow.SCRIPT,
                Map.of(OutboundRequest.ARG, id, HappyCallFlow.ID_VARIABLE, id), h.dueAt(), c.window(), center.get().engine().timeZone(),
                false);
    }

    /**
     * Hands up to {@code limit} due happy-calls to {@code dialer}; their final result is stored when the dialer reports it.
     *
     * @return how many were handed over
     */
    public int dispatchDue(Dialer dialer, int limit) throws SQLException {
        List<HappyCall> due = store.claimDue(clock.instant(), limit);
        for (HappyCall h : due) {
            OutboundRequest req;
            try {
                req = request(h);
            } catch (IllegalStateException e) {
                LOG.warn("happy-call {} not dialed: {}", h, e.getMessage());
                store.setStatus(h.id(), List.of(HappyCallStatus.QUEUED), HappyCallStatus.FAILED, null, clock.instant());
                continue;
            }
            dialer.dial(req).whenComplete((outcome, err) -> dialed(h, outcome, err));
        }
        return due.size();
    }

    private void dialed(HappyCall h, Dialer.Outcome outcome, Throwable err) {
        HappyCallStatus status;
        if (err == null && outcome.attempts() == 0) {
            // the dialer could not place it (AMI down, paused, window closed): scheduled again, dialed later
            LOG.info("happy-call {} not placed ({}); scheduled again", h, outcome.asteriskResult());
            try {
                store.setStatus(h.id(), List.of(HappyCallStatus.QUEUED), HappyCallStatus.SCHEDULED, null, clock.instant());
            } catch (SQLException e) {
                LOG.error("cannot schedule happy-call {} again; recovery closes it", h, e);
            }
            return;
        }
        if (err != null) {
            LOG.error("dialer failed on happy-call {}", h, err);
            status = HappyCallStatus.FAILED;
        } else if (outcome.result() == AttemptResult.COMPLETED || outcome.result() == AttemptResult.PARTIAL
                || outcome.result() == AttemptResult.REFUSED) {
            return; // answered: the AGI flow stored the status
        } else {
            status = outcome.result() == AttemptResult.NO_ANSWER || outcome.result() == AttemptResult.BUSY
                    ? HappyCallStatus.NO_ANSWER : HappyCallStatus.FAILED;
            LOG.info("happy-call {} not answered: {} ({}, {} attempts)", h, outcome.result(), outcome.asteriskResult(), outcome.attempts());
        }
        try {
            store.setStatus(h.id(), List.of(HappyCallStatus.QUEUED), status, null, clock.instant());
        } catch (SQLException e) {
            LOG.error("cannot store result {} of happy-call {}", status.id(), h, e);
        }
    }

    /**
     * Closes happy-calls left {@code queued} (claimed, never resolved) or {@code answered} (script never finished) by an
     * engine that died (kill -9) or lost its call: last changed before {@code before}, not held by this engine's dialer
     * ({@code heldHere}: request ids) and without a live channel ({@code live}: unique ids of Asterisk's channels, the
     * dialer's channel id is {@code channelPrefix + requestId}). The answers stored decide (all = completed, some =
     * partial); else an answered one was refused and a queued one failed. Never dialed again.
     *
     * @return how many were closed
     */
    public int recover(Instant before, Set<String> heldHere, Set<String> live, String channelPrefix) throws SQLException {
        int closed = 0;
        for (HappyCall h : store.stuck(before)) {
            String req = requestId(Long.toString(h.id()));
            if (heldHere.contains(req) || live.contains(channelPrefix + req)) {
                continue;
            }
            Map<String, Integer> answers = store.answers(h.id());
            int asked = campaignOf(h.companyId()).map(c -> c.questions().size()).orElse(answers.size());
            HappyCallStatus status = !answers.isEmpty()
                    ? (answers.size() >= asked ? HappyCallStatus.COMPLETED : HappyCallStatus.PARTIAL)
                    : h.status() == HappyCallStatus.ANSWERED ? HappyCallStatus.REFUSED : HappyCallStatus.FAILED;
            if (store.setStatus(h.id(), List.of(h.status()), status, null, clock.instant())) {
                closed++;
                LOG.warn("happy-call {} was left {} by a lost engine or call; closed as {} with {} answers (not dialed again)", h,
                        h.status().id(), status.id(), answers.size());
            }
        }
        return closed;
    }

    // ------------------------------------------------------------------------------------ AGI flow port

    @Override
    public Optional<HappyCallFlow.Script> open(String id, AgiRequest call) {
        try {
            Optional<HappyCall> found = parse(id).isPresent() ? store.find(parse(id).get()) : Optional.empty();
            if (found.isEmpty()) {
                LOG.warn("happy-call flow for unknown happy-call '{}' (channel {})", id, Phones.maskText(call.channel()));
                return Optional.empty();
            }
            HappyCall h = found.get();
            String expected = Channels.attemptChannelId(requestId(Long.toString(h.id())));
            if (!expected.equals(call.uniqueId())) {
                // the dialer originates each happy-call with its own channel id: answers from any other channel are not taken
                LOG.warn("happy-call {} session on channel {} with unique id '{}', not the happy-call's channel id {}; refused",
                        h.id(), Phones.maskText(call.channel()), call.uniqueId(), expected);
                return Optional.empty();
            }
            Optional<Campaign> c = campaignOf(h.companyId());
            if (c.isEmpty()) {
                LOG.warn("happy-call {}: company {} has no happy-call campaign any more; ending the call", h.id(), h.companyId());
                return Optional.empty();
            }
            if (!store.setStatus(h.id(), List.of(HappyCallStatus.SCHEDULED, HappyCallStatus.QUEUED), HappyCallStatus.ANSWERED,
                    call.linkedId(), clock.instant())) {
                LOG.warn("happy-call {} is {} already; not asked again (call {})", h.id(), h.status().id(), call.linkedId());
                return Optional.empty();
            }
            HappyCallRules rules = c.get().happyCall().orElseThrow();
            inProgress.put(h.id(), h);
            List<HappyCallFlow.Question> qs = c.get().questions().stream()
                    .map((Question q) -> new HappyCallFlow.Question(q.id(), prompts.apply(h.companyId(), q.prompt()))).toList();
            return Optional.of(new HappyCallFlow.Script(prompts.apply(h.companyId(), rules.prompt()), qs, INVALID, THANKS));
        } catch (SQLException e) {
            LOG.error("happy-call {}: cannot read it (channel {}); ending the call", id, Phones.maskText(call.channel()), e);
            return Optional.empty();
        }
    }

    @Override
    public void answered(String id, String questionId, int score, AgiRequest call) {
        Instant now = clock.instant();
        try {
            long key = parse(id).orElseThrow();
            HappyCall h = inProgress.get(key);
            if (h == null) {
                h = store.find(key).orElseThrow();
            }
            if (!answers.journal(new HappyAnswer(h.id(), h.companyId(), questionId, score, now))) {
                throw new IllegalStateException("the answers' journal refused it (queue full or closed)");
            }
            Optional<HappyCallRules> rules = campaignOf(h.companyId()).flatMap(Campaign::happyCall);
            int low = rules.map(HappyCallRules::lowScore).orElse(HappyCallRules.DEFAULT_LOW_SCORE);
            LOG.info("happy-call {} (after call {}, agent {}): {} = {}", h.id(), h.originalLinkedId(), h.agentId(), questionId, score);
            if (score <= low) {
                openFollowUp(h, rules.flatMap(HappyCallRules::followUpDesk), questionId, score, now);
            }
        } catch (Exception e) {
            LOG.error("happy-call {}: answer {} = {} could not be stored (call {})", id, questionId, score, call.linkedId(), e);
        }
    }

    private void openFollowUp(HappyCall h, Optional<String> followUpDesk, String questionId, int score, Instant now) throws Exception {
        CenterConfig cfg = center.get();
        String deskId = followUpDesk.filter(d -> cfg.desks().containsKey(d)).orElse(h.deskId());
        if (followUpDesk.isPresent() && !cfg.desks().containsKey(followUpDesk.get())) {
            LOG.warn("happy-call follow-up desk '{}' of {} is not in desks.yaml; using the call's desk {}", followUpDesk.get(),
                    h.companyId(), h.deskId());
        }
        Desk desk = deskId == null ? null : cfg.desks().get(deskId);
        Instant due = deskId == null ? now : cfg.hours().nextOpening(h.companyId(), deskId, now.atZone(cfg.engine().timeZone()),
                NEXT_OPENING_DAYS).map(java.time.ZonedDateTime::toInstant).orElse(now);
        String reason = "happy-call low score " + score + " on " + questionId + " (agent " + (h.agentId() == null ? "unknown"
                : h.agentId()) + ")";
        CallbackRequest task = new CallbackRequest("happy-" + h.id(), h.companyId(), deskId, desk == null ? null : desk.queueName(),
                h.dialNumber(), now, due, FollowUpStatus.PENDING, reason, h.originalLinkedId());
        followUps.open(task);
        LOG.info("follow-up opened for happy-call {}: {}", h.id(), task);
    }

    @Override
    public void finished(String id, int answered, int asked, boolean hungUp, AgiRequest call) {
        HappyCallStatus status = answered == asked ? HappyCallStatus.COMPLETED : answered > 0 ? HappyCallStatus.PARTIAL
                : HappyCallStatus.REFUSED;
        parse(id).ifPresent(inProgress::remove);
        try {
            store.setStatus(parse(id).orElseThrow(), List.of(HappyCallStatus.ANSWERED), status, null, clock.instant());
            LOG.info("happy-call {} {}: {} of {} answered{}", id, status.id(), answered, asked, hungUp ? ", customer hung up" : "");
        } catch (SQLException | RuntimeException e) {
            LOG.error("happy-call {}: final status {} not stored (call {})", id, status.id(), call.linkedId(), e);
        }
    }

    private static Optional<Long> parse(String id) {
        try {
            return Optional.of(Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
