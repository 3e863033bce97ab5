package ascc.core.desktop;

import ascc.agi.flows.AgentControl;
import ascc.core.ami.AmiEvent;
import ascc.core.durable.DurableWriter;
import ascc.core.tracking.TrackedCall;
import ascc.routing.Phones;
import ascc.routing.asterisk.Channels;
import ascc.routing.asterisk.Queues;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.Desk;
import ascc.routing.config.Disposition;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent desktop, the engine side: the screen pop, dispositions, and the state buttons.
 *
 * <p><b>Screen pop.</b> When Asterisk rings an agent's phone for a queued call (AMI {@code AgentCalled}, the same queue
 * events agent states and the call tracker follow), the pop is built off the AMI thread (on {@code popper}: it reads the
 * caller's history from the database) from the tracked call (company, category, inquiry type, desk), the masked number,
 * the number's previous calls and open follow-ups and repair cases, and handed to every listener ({@link #onPop}: the
 * desktop page's server-sent events). {@code AgentConnect} marks it connected, {@code AgentRingNoAnswer} (the call went
 * on to another phone) takes it back, the caller's hang-up (or {@code AgentComplete}) marks it ended: it stays on the
 * page for the disposition.
 *
 * <p><b>Dispositions.</b> {@link #saveDisposition} accepts a code of the call's desk (desks.yaml, read at the save, so a
 * reload applies) for a call this agent was offered ({@value #KEPT_PER_AGENT} newest kept per agent), and journals it on
 * the durable path ({@link Dispositions}) before it answers.
 *
 * <p><b>State buttons</b> call {@link AgentControl}, the same service the phone feature codes use ({@code *11} .. {@code *14}).
 */
public final class AgentDesktop {
    private static final Logger LOG = LoggerFactory.getLogger(AgentDesktop.class);
    /** Pops kept per agent: the calls an agent may still save a disposition for. */
    static final int KEPT_PER_AGENT = 20;

    /** What a disposition save came to. */
    public enum SaveResult {
        /** On disk in the journal; stored in the database off the request. */
        SAVED,
        /** The agent was not offered this call (or it is older than the kept pops): refused. */
        NOT_YOUR_CALL,
        /** Not one of the codes of the call's desk. */
        UNKNOWN_CODE,
        /** The note is longer than {@link CallDisposition#MAX_NOTE}. */
        NOTE_TOO_LONG,
        /** The journal refused it (queue full or closed): not saved, the agent may try again. */
        NOT_JOURNALED
    }

    private final Supplier<CenterConfig> config;
    private final Function<String, Optional<TrackedCall>> calls;
    private final CallHistoryStore history;
    private final RepairCases repairs;
    private final DurableWriter<CallDisposition> dispositions;
    private final AgentControl control;
    private final Supplier<AgentStatesConfig> states;
    private final Clock clock;
    private final Executor popper;
    private final List<Consumer<ScreenPop>> listeners = new CopyOnWriteArrayList<>();
    /** Per agent, newest first: the pops of the calls offered to the agent. */
    private final Map<String, Deque<ScreenPop>> pops = new ConcurrentHashMap<>();
    /** Linked id -> unique id of the caller's channel, while a pop for it is ringing or connected. */
    private final Map<String, String> callerChannels = new ConcurrentHashMap<>();

    /**
     * @param calls the calls the engine follows, by linkedid (the inbound feature's tracker)
     * @param popper where pops are built (they read the database): never the AMI thread
     */
    public AgentDesktop(Supplier<CenterConfig> config, Function<String, Optional<TrackedCall>> calls, CallHistoryStore history,
            RepairCases repairs, DurableWriter<CallDisposition> dispositions, AgentControl control,
            Supplier<AgentStatesConfig> states, Clock clock, Executor popper) {
        this.config = Objects.requireNonNull(config, "config");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.history = Objects.requireNonNull(history, "history");
        this.repairs = Objects.requireNonNull(repairs, "repairs");
        this.dispositions = Objects.requireNonNull(dispositions, "dispositions");
        this.control = Objects.requireNonNull(control, "control");
        this.states = Objects.requireNonNull(states, "states");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.popper = Objects.requireNonNull(popper, "popper");
    }

    /** Calls {@code listener} with every pop and every change of a pop's state; returns the unsubscribe. */
    public Runnable onPop(Consumer<ScreenPop> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The agent's newest pop (what the page shows when it is opened or reconnects). */
    public Optional<ScreenPop> current(String agentId) {
        Deque<ScreenPop> d = pops.get(agentId);
        if (d == null) {
            return Optional.empty();
        }
        synchronized (d) {
            return Optional.ofNullable(d.peekFirst());
        }
    }

    /** The pause reasons the desktop offers (agent-states.yaml): code -> name. */
    public Map<Integer, String> pauseReasons() {
        return states.get().reasons();
    }

    // ------------------------------------------------------------------------------------------ AMI events

    /** The AMI events {@link #onEvent} reads. */
    public static final Set<String> AMI_EVENTS = Set.of("AgentCalled", "AgentConnect", "AgentRingNoAnswer", "AgentComplete",
            "Hangup");

    /** On the AMI subscription's thread: short work only, the pop is built on {@code popper}. */
    public void onEvent(AmiEvent e) {
        switch (e.name()) {
            case "AgentCalled" -> {
                String agent = Channels.agentOfInterface(e.memberInterface());
                if (agent != null && e.linkedId() != null) {
                    String caller = e.get("CallerIDNum");
                    String queue = e.queue();
                    String uniqueId = e.uniqueId();
                    try {
                        popper.execute(() -> ring(agent, e.linkedId(), uniqueId, caller, queue));
                    } catch (RejectedExecutionException ex) {
                        LOG.warn("screen pop of call {} for agent {} not built: the desktop is closing", e.linkedId(), agent);
                    }
                }
            }
            case "AgentConnect" -> change(Channels.agentOfInterface(e.memberInterface()), e.linkedId(), ScreenPop.State.CONNECTED);
            case "AgentRingNoAnswer" -> takeBack(Channels.agentOfInterface(e.memberInterface()), e.linkedId());
            case "AgentComplete" -> change(Channels.agentOfInterface(e.memberInterface()), e.linkedId(), ScreenPop.State.ENDED);
            case "Hangup" -> {
                String linked = e.linkedId();
                if (linked != null && Objects.equals(callerChannels.get(linked), e.uniqueId())) {
                    callerChannels.remove(linked);
                    for (String agent : List.copyOf(pops.keySet())) {
                        ScreenPop p = current(agent).orElse(null);
                        if (p != null && p.linkedId().equals(linked)) {
                            if (p.state() == ScreenPop.State.RINGING) {
                                takeBack(agent, linked);
                            } else {
                                change(agent, linked, ScreenPop.State.ENDED);
                            }
                        }
                    }
                }
            }
            default -> {
                // other events do not change a pop
            }
        }
    }

    /** Builds the pop of a call ringing {@code agent} and hands it to the listeners. */
    void ring(String agent, String linkedId, String callerUniqueId, String callerNumber, String queue) {
        Optional<TrackedCall> call = calls.apply(linkedId);
        CenterConfig cfg = config.get();
        String company = call.map(TrackedCall::companyId).orElse(null);
        String deskId = call.map(TrackedCall::deskId).orElseGet(() -> deskOfQueue(queue));
        String number = call.map(TrackedCall::callerNumber).orElse(callerNumber);
        Desk desk = deskId == null ? null : cfg.desks().get(deskId);
        List<ScreenPop.PastCall> past = List.of();
        List<ScreenPop.FollowUp> follow = List.of();
        List<RepairCases.RepairCase> cases = List.of();
        try {
            past = history.previousCalls(number, linkedId);
            follow = history.openFollowUps(number);
            cases = repairs.open(company, number);
        } catch (SQLException | RuntimeException ex) {
            LOG.warn("screen pop of call {} for agent {} (caller {}): history not read ({}); the pop shows the call only", linkedId,
                    agent, Phones.mask(number), ex.toString());
        }
        ScreenPop pop = new ScreenPop(agent, linkedId, ScreenPop.State.RINGING, company,
                company == null ? null : Optional.ofNullable(cfg.companies().get(company)).map(Company::name).orElse(null),
                call.map(TrackedCall::category).orElse(null), call.map(TrackedCall::inquiryType).orElse(null), deskId,
                Phones.mask(number), clock.instant(), desk == null ? List.<Disposition>of() : desk.dispositions(), past, follow, cases);
        if (callerUniqueId != null) {
            callerChannels.put(linkedId, callerUniqueId);
        }
        Deque<ScreenPop> d = pops.computeIfAbsent(agent, a -> new ArrayDeque<>());
        synchronized (d) {
            d.removeIf(p -> p.linkedId().equals(linkedId));
            d.addFirst(pop);
            while (d.size() > KEPT_PER_AGENT) {
                callerChannels.remove(d.removeLast().linkedId()); // a hang-up never heard (AMI gap) leaves nothing behind
            }
        }
        LOG.info("screen pop: call {} rings agent {} (company={}, desk={}, {} previous calls, {} open follow-ups)", linkedId, agent,
                company, deskId, past.size(), follow.size());
        publish(pop);
    }

    private static String deskOfQueue(String queue) {
        return queue != null && queue.startsWith(Queues.DESK_PREFIX) ? queue.substring(Queues.DESK_PREFIX.length()) : null;
    }

    private void change(String agent, String linkedId, ScreenPop.State state) {
        if (agent == null || linkedId == null) {
            return;
        }
        Deque<ScreenPop> d = pops.get(agent);
        if (d == null) {
            return;
        }
        ScreenPop changed = null;
        synchronized (d) {
            for (ScreenPop p : List.copyOf(d)) {
                if (p.linkedId().equals(linkedId) && p.state() != state && p.state() != ScreenPop.State.ENDED) {
                    changed = p.in(state);
                    replace(d, p, changed);
                }
            }
        }
        if (changed != null) {
            publish(changed);
        }
    }

    /** The call rang another phone or the caller left while ringing: the pop goes (ENDED is published for the page). */
    private void takeBack(String agent, String linkedId) {
        if (agent == null || linkedId == null) {
            return;
        }
        Deque<ScreenPop> d = pops.get(agent);
        if (d == null) {
            return;
        }
        ScreenPop gone = null;
        synchronized (d) {
            ScreenPop first = d.peekFirst();
            if (first != null && first.linkedId().equals(linkedId) && first.state() == ScreenPop.State.RINGING) {
                d.removeFirst();
                gone = first.in(ScreenPop.State.ENDED);
            }
        }
        if (gone != null) {
            publish(gone);
        }
    }

    private static void replace(Deque<ScreenPop> d, ScreenPop old, ScreenPop fresh) {
        List<ScreenPop> all = List.copyOf(d);
        d.clear();
        for (ScreenPop p : all) {
            d.addLast(p == old ? fresh : p);
        }
    }

    private void publish(ScreenPop pop) {
        for (Consumer<ScreenPop> l : listeners) {
            try {
                l.accept(pop);
            } catch (RuntimeException ex) {
                LOG.error("screen pop listener failed for call {} of agent {}", pop.linkedId(), pop.agentId(), ex);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ dispositions

    /** Saves the agent's code and note for a call the agent was offered; journaled before it returns {@link SaveResult#SAVED}. */
    public SaveResult saveDisposition(String agentId, String linkedId, String code, String note) {
        String text = note == null ? "" : note.strip();
        if (text.length() > CallDisposition.MAX_NOTE) {
            return SaveResult.NOTE_TOO_LONG;
        }
        Optional<ScreenPop> offered = offered(agentId, linkedId);
        if (offered.isEmpty()) {
            LOG.warn("disposition refused: call {} was not offered to agent {}", linkedId, agentId);
            return SaveResult.NOT_YOUR_CALL;
        }
        ScreenPop pop = offered.get();
        Desk desk = pop.deskId() == null ? null : config.get().desks().get(pop.deskId());
        if (desk == null || desk.disposition(code).isEmpty()) {
            return SaveResult.UNKNOWN_CODE;
        }
        CallDisposition d = new CallDisposition(linkedId, pop.companyId(), desk.id(), agentId, code, text, clock.instant());
        if (!dispositions.submit(d)) {
            LOG.error("disposition of call {} by agent {} not journaled (writer full or closed)", linkedId, agentId);
            return SaveResult.NOT_JOURNALED;
        }
        LOG.info("disposition of call {} by agent {}: {} (desk {}, note {} characters)", linkedId, agentId, code, desk.id(),
                text.length());
        return SaveResult.SAVED;
    }

    private Optional<ScreenPop> offered(String agentId, String linkedId) {
        Deque<ScreenPop> d = agentId == null ? null : pops.get(agentId);
        if (d == null || linkedId == null) {
            return Optional.empty();
        }
        synchronized (d) {
            return d.stream().filter(p -> p.linkedId().equals(linkedId)).findFirst();
        }
    }

    // ------------------------------------------------------------------------------------------ state buttons

    /** "Available": logs in when logged out (as {@code *11}), else unpauses (as {@code *14}). */
    public AgentControl.Result available(String agentId) {
        AgentControl.Result login = control.login(agentId);
        if (login == AgentControl.Result.OK || login == AgentControl.Result.NOT_AN_AGENT || login == AgentControl.Result.FAILED) {
            return login;
        }
        return control.unpause(agentId);
    }

    /** "Pause" with a reason code of agent-states.yaml (as {@code *13<code>}); an unknown code is refused. */
    public Optional<AgentControl.Result> pause(String agentId, int reasonCode) {
        Optional<String> reason = states.get().reason(reasonCode);
        return reason.map(r -> control.pause(agentId, reasonCode, r));
    }

    /** "Log out" (as {@code *12}; refused during a call). */
    public AgentControl.Result logout(String agentId) {
        return control.logout(agentId);
    }
}
