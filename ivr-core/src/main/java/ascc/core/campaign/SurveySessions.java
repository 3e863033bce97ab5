package ascc.core.campaign;

import ascc.agi.flows.SurveyFlow;
import ascc.core.durable.DurableWriter;
import ascc.routing.campaign.Campaign;
import ascc.routing.campaign.CampaignsConfig;
import ascc.routing.campaign.Question;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The survey flow's side in the engine: finds an attempt's questions (campaign_attempt row, then campaigns.yaml),
 * journals each answer as it is keyed ({@link SurveyAnswers}: on disk before {@link #answered} returns, so before the flow
 * goes on and thanks the customer; stored in {@code survey_answer} by the writer thread, idempotent by attempt and
 * question), and hands the session's end to the dialer, which records
 * the attempt's one result. Listeners ({@link #onFinished}) see every ended session, e.g. to open a follow-up on a low
 * score.
 */
public final class SurveySessions implements SurveyFlow.Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(SurveySessions.class);

    private final DialerStore store;
    private final DurableWriter<SurveyAnswer> answers;
    private final OutboundDialer dialer;
    private final Supplier<CampaignsConfig> campaigns;
    private final Clock clock;
    private final Map<String, CampaignStore.Attempt> open = new ConcurrentHashMap<>();
    private final List<BiConsumer<CampaignStore.Attempt, SurveyFlow.Outcome>> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param answers the answers' durable writer ({@link SurveyAnswers#writer}); closed by its owner
     */
    public SurveySessions(DialerStore store, DurableWriter<SurveyAnswer> answers, OutboundDialer dialer,
            Supplier<CampaignsConfig> campaigns, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.answers = Objects.requireNonNull(answers, "answers");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.campaigns = Objects.requireNonNull(campaigns, "campaigns");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Adds a listener told of every ended session (on the AGI session's thread; keep it short). */
    public void onFinished(BiConsumer<CampaignStore.Attempt, SurveyFlow.Outcome> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Optional<SurveyFlow.Survey> survey(String attemptId) {
        long id;
        try {
            id = Long.parseLong(attemptId);
        } catch (NumberFormatException e) {
            LOG.warn("survey session with a malformed attempt id '{}'", attemptId);
            return Optional.empty();
        }
        try {
            Optional<CampaignStore.Attempt> a = store.attempt(id);
            Optional<Campaign> c = a.flatMap(x -> campaigns.get().find(x.company(), x.campaign()));
            if (c.isEmpty()) {
                LOG.warn("survey session for attempt {}: {}", attemptId,
                        a.isEmpty() ? "no such attempt" : "campaign not in campaigns.yaml");
                return Optional.empty();
            }
            open.put(attemptId, a.get());
            dialer.sessionStarted(attemptId);
            return Optional.of(new SurveyFlow.Survey(c.get().questions()));
        } catch (SQLException e) {
            LOG.error("survey session for attempt {}: database error reading the attempt", attemptId, e);
            return Optional.empty();
        }
    }

    @Override
    public void answered(String attemptId, Question question, int answer) {
        CampaignStore.Attempt a = open.get(attemptId);
        if (a == null) {
            LOG.warn("answer {}={} for attempt {} without an open session; not stored", question.id(), answer, attemptId);
            return;
        }
        SurveyAnswer keyed = new SurveyAnswer(a.id(), a.company(), a.campaign(), question.id(), answer, clock.instant());
        if (!answers.submit(keyed)) { // journaled (fsynced) when true; the writer stores it, also after an outage or a kill
            LOG.error("answer {}={} of {} could not be journaled (journal or writer refused it); not stored", question.id(), answer, a);
        }
    }

    @Override
    public void finished(String attemptId, SurveyFlow.Outcome outcome) {
        CampaignStore.Attempt a = open.remove(attemptId);
        dialer.sessionEnded(attemptId, outcome.result(),
                outcome.answers().size() + " answers" + (outcome.hungUp() ? ", customer hung up" : ""));
        if (a == null) {
            return;
        }
        for (BiConsumer<CampaignStore.Attempt, SurveyFlow.Outcome> l : listeners) {
            try {
                l.accept(a, outcome);
            } catch (RuntimeException e) {
                LOG.error("survey listener failed for {} ({})", a, outcome.result(), e);
            }
        }
    }
}
