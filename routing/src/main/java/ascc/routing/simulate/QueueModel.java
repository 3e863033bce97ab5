package ascc.routing.simulate;

import ascc.routing.config.OverflowConfig;
import ascc.routing.config.OverflowConfig.Step;
import ascc.routing.overflow.OverflowPolicy;
import ascc.routing.simulate.SimulationResult.Field;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The desks' Asterisk queues and their agents, as the rendered {@code queues.conf} configures them: {@code strategy=rrmemory}
 * among the free members of the lowest penalty (penalty {@code 5 - proficiency}), members above the queue's
 * {@code QUEUE_MAX_PENALTY} (overflow.yaml {@code start-proficiency}) never offered, callers ordered by priority then arrival,
 * {@code autofill=yes} (every free member takes a caller at once), {@code ringinuse=no}, wrap-up per queue
 * ({@code wrapuptime}, shared across queues: {@code shared_lastcall=yes}). Overflow steps are judged every second by the
 * real trigger code ({@link OverflowPolicy#holds}) with {@link OverflowPolicy#decide}'s rules.
 */
final class QueueModel {
    static final int EV_FREE = 1;
    static final int EV_ABANDON = 2;
    static final int EV_TICK = 3;
    static final int EV_PLACEHOLDER_TIMEOUT = 4;
    static final int EV_CALLBACK_RETRY = 5;
    static final int EV_UNPAUSE = 6;

    private static final int HANDLE_WINDOW = 20;

    private final EventHeap events;
    private final Tally tally;
    final Callers callers = new Callers();
    private final int desks;
    private final String[] deskQueue;
    private final long[] wrapMs;
    private final int[] maxPen;
    private final Step[][] steps;
    private final int[] startProficiency;
    private final OverflowConfig.CallbackRules callbackRules;

    // waiting callers per desk, in queue order
    private final int[][] waiting;
    private final int[] waitLen;
    private final boolean[] ticking;
    private final int[] activeSteps;
    final Members members;
    private final long[][] recentHandle;
    private final int[] recentCount;
    // agents
    private final int[] primaryDesk;
    final boolean[] onDuty;
    final boolean[] paused;
    final boolean[] busy;
    final long[] pendingPauseMs;
    final boolean[] pendingOff;
    private int[] decisions = new int[64];
    /** Per desk and overflow step: the positions (and penalties) of the backup agents an add-agents-of step adds. */
    private int[][][] backupPos;
    private int[][][] backupPen;

    QueueModel(EventHeap events, Tally tally, String[] deskQueue, long[] wrapMs, int[] maxPen, Step[][] steps,
            int[] startProficiency, OverflowConfig.CallbackRules callbackRules, int agents, int[] primaryDesk) {
        this.events = events;
        this.tally = tally;
        this.desks = deskQueue.length;
        this.deskQueue = deskQueue;
        this.wrapMs = wrapMs;
        this.maxPen = maxPen;
        this.steps = steps;
        this.startProficiency = startProficiency;
        this.callbackRules = callbackRules;
        waiting = new int[desks][16];
        waitLen = new int[desks];
        ticking = new boolean[desks];
        activeSteps = new int[desks];
        recentHandle = new long[desks][HANDLE_WINDOW];
        recentCount = new int[desks];
        this.primaryDesk = primaryDesk;
        onDuty = new boolean[agents];
        paused = new boolean[agents];
        busy = new boolean[agents];
        pendingPauseMs = new long[agents];
        pendingOff = new boolean[agents];
        members = new Members(desks, agents, startProficiency, onDuty, paused, busy);
    }

    /** Declares that {@code agent} may be a member of {@code desk} (base skill, a staffing schedule or an overflow step). */
    int position(int desk, int agent, int prof) {
        return members.position(desk, agent, prof);
    }

    /** The backup agents of each desk's add-agents-of steps ({@code [desk][step]}: positions and penalties). */
    void backups(int[][][] positions, int[][][] penalties) {
        this.backupPos = positions;
        this.backupPen = penalties;
    }

    /** Sets or clears membership source {@code source} of ({@code desk}, {@code pos}); a new member may take a caller. */
    void member(int desk, int pos, int source, boolean on, int penalty, long t) {
        members.set(desk, pos, source, on, penalty);
        if (on) {
            dispatchTo(desk, pos, t);
        }
    }

    boolean isMember(int desk, int pos, int source) {
        return members.isMember(desk, pos, source);
    }

    void syncAgent(int agent) {
        members.syncAgent(agent);
    }

    int primaryDesk(int agent) {
        return primaryDesk[agent];
    }

    /** A call joins {@code desk}'s queue (new, or a callback's place holder at the head). */
    void join(int c, long t, boolean atHead) {
        Callers k = callers;
        int d = k.desk[c];
        k.joined[c] = t;
        int pos = members.freeMember(d, maxPen[d]);
        if (pos >= 0) {
            answer(members.posAgent[d][pos], c, t);
            return;
        }
        insert(d, c, atHead);
        if (!k.placeholder[c] && k.patienceMs[c] < Callers.NEVER) {
            events.push(t + k.patienceMs[c], EV_ABANDON, c, k.gen[c]);
        }
        if (k.placeholder[c]) {
            events.push(t + callbackRules.maxWaitSeconds() * 1000L, EV_PLACEHOLDER_TIMEOUT, c, k.gen[c]);
        }
        if (steps[d].length > 0 && !ticking[d]) {
            ticking[d] = true;
            events.push((t / 1000 + 1) * 1000, EV_TICK, d, 0);
        }
    }

    private void insert(int d, int c, boolean atHead) {
        if (waitLen[d] == waiting[d].length) {
            waiting[d] = Arrays.copyOf(waiting[d], waitLen[d] * 2);
        }
        int[] w = waiting[d];
        int i = waitLen[d];
        if (atHead) {
            i = 0;
        } else {
            int pr = callers.priority[c];
            while (i > 0 && callers.priority[w[i - 1]] < pr) {
                i--;
            }
        }
        System.arraycopy(w, i, w, i + 1, waitLen[d] - i);
        w[i] = c;
        waitLen[d]++;
    }

    private void removeAt(int d, int i, long t) {
        int[] w = waiting[d];
        System.arraycopy(w, i + 1, w, i, waitLen[d] - i - 1);
        waitLen[d]--;
        if (waitLen[d] == 0) {
            releaseSteps(d, t);
        }
    }

    private int indexOf(int d, int c) {
        int[] w = waiting[d];
        for (int i = 0; i < waitLen[d]; i++) {
            if (w[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** Agent {@code a} answers call {@code c} now. */
    private void answer(int a, int c, long t) {
        Callers k = callers;
        int d = k.desk[c];
        int how = k.hour[c];
        long wait = t - k.joined[c];
        long busyMs;
        if (k.placeholder[c]) {
            if (k.answers(c, k.attempts[c])) {
                busyMs = k.handleMs[c] + wrapMs[d];
                tally.add(d, how, Field.CALLBACK_DONE, 1);
                tally.companyAnswered(k.company[c]);
                k.release(c);
            } else {
                busyMs = callbackRules.ringSeconds() * 1000L;
                failedAttempt(c, t + busyMs);
            }
        } else {
            tally.add(d, how, Field.ANSWERED, 1);
            tally.add(d, how, Field.WAIT_SUM_MS, wait);
            tally.add(d, how, Field.HANDLE_SUM_MS, k.handleMs[c]);
            tally.max(d, how, Field.WAIT_MAX_MS, wait);
            if (wait <= tally.slMs) {
                tally.add(d, how, Field.ANSWERED_IN_SL, 1);
            }
            noteHandle(d, k.handleMs[c]);
            busyMs = k.handleMs[c] + wrapMs[d];
            tally.companyAnswered(k.company[c]);
            k.release(c);
        }
        busy[a] = true;
        tally.busy(primaryDesk[a], t, 1);
        syncAgent(a);
        events.push(t + busyMs, EV_FREE, a, 0);
    }

    private void failedAttempt(int c, long t) {
        Callers k = callers;
        k.attempts[c]++;
        if (callbackRules.mayRetry(k.attempts[c])) {
            events.push(t + callbackRules.retryDelay(k.attempts[c]).toMillis(), EV_CALLBACK_RETRY, c, k.gen[c]);
        } else {
            tally.add(k.desk[c], k.hour[c], Field.CALLBACK_FAILED, 1);
            k.release(c);
        }
    }

    private void noteHandle(int d, long ms) {
        recentHandle[d][recentCount[d] % HANDLE_WINDOW] = ms / 1000;
        recentCount[d]++;
    }

    private Duration averageHandle(int d) {
        int n = Math.min(recentCount[d], HANDLE_WINDOW);
        if (n == 0) {
            return null;
        }
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += recentHandle[d][i];
        }
        return Duration.ofMillis(Math.round(s * 1000.0 / n));
    }

    /** Agent {@code a}'s call and wrap-up ended. */
    void agentFree(int a, long t) {
        busy[a] = false;
        tally.busy(primaryDesk[a], t, -1);
        if (pendingOff[a]) {
            pendingOff[a] = false;
            setOnDuty(a, false, t);
            return;
        }
        if (pendingPauseMs[a] > 0) {
            long ms = pendingPauseMs[a];
            pendingPauseMs[a] = 0;
            pause(a, ms, t);
            return;
        }
        syncAgent(a);
        takeNext(a, t);
    }

    /** A free agent takes the best waiting caller of the queues where it may be offered one. */
    private void takeNext(int a, long t) {
        if (busy[a] || paused[a] || !onDuty[a]) {
            return;
        }
        int bestDesk = -1;
        int best = -1;
        int[] ds = members.agentDesk[a];
        int[] ps = members.agentPos[a];
        for (int i = 0; i < ds.length; i++) {
            int d = ds[i];
            if (waitLen[d] == 0 || members.src[d][ps[i]] == 0 || members.penalty(d, ps[i]) > maxPen[d]) {
                continue;
            }
            int c = waiting[d][0];
            if (best < 0 || callers.priority[c] > callers.priority[best]
                    || (callers.priority[c] == callers.priority[best] && callers.joined[c] < callers.joined[best])) {
                best = c;
                bestDesk = d;
            }
        }
        if (best >= 0) {
            removeAt(bestDesk, 0, t);
            answer(a, best, t);
        }
    }

    /** A membership just became available: let its agent take a caller of that desk if it is free. */
    private void dispatchTo(int d, int p, long t) {
        int a = members.posAgent[d][p];
        if (waitLen[d] > 0 && !busy[a] && !paused[a] && onDuty[a]) {
            takeNext(a, t);
        }
    }

    void abandon(int c, int gen, long t) {
        Callers k = callers;
        if (k.gen[c] != gen || k.placeholder[c]) {
            return;
        }
        int d = k.desk[c];
        int i = indexOf(d, c);
        if (i < 0) {
            return;
        }
        removeAt(d, i, t);
        long wait = t - k.joined[c];
        tally.add(d, k.hour[c], Field.ABANDONED, 1);
        tally.max(d, k.hour[c], Field.WAIT_MAX_MS, wait);
        if (wait > tally.slMs) {
            tally.add(d, k.hour[c], Field.ABANDONED_AFTER_SL, 1);
        }
        tally.companyAbandoned(k.company[c]);
        k.release(c);
    }

    void placeholderTimeout(int c, int gen, long t) {
        Callers k = callers;
        if (k.gen[c] != gen || !k.placeholder[c]) {
            return;
        }
        int i = indexOf(k.desk[c], c);
        if (i < 0) {
            return;
        }
        removeAt(k.desk[c], i, t);
        failedAttempt(c, t);
    }

    void callbackRetry(int c, int gen, long t) {
        if (callers.gen[c] == gen) {
            join(c, t, true);
        }
    }

    void setOnDuty(int a, boolean on, long t) {
        if (!on && busy[a]) {
            pendingOff[a] = true;
            return;
        }
        pendingOff[a] = false;
        if (onDuty[a] == on) {
            return;
        }
        onDuty[a] = on;
        if (!paused[a]) {
            tally.staffed(primaryDesk[a], t, on ? 1 : -1);
        }
        syncAgent(a);
        if (on) {
            takeNext(a, t);
        }
    }

    /** The agent pauses for {@code ms} now, or after the call in progress. */
    void pause(int a, long ms, long t) {
        if (!onDuty[a] || paused[a]) {
            return;
        }
        if (busy[a]) {
            pendingPauseMs[a] = ms;
            return;
        }
        paused[a] = true;
        tally.staffed(primaryDesk[a], t, -1);
        syncAgent(a);
        events.push(t + ms, EV_UNPAUSE, a, 0);
    }

    void unpause(int a, long t) {
        if (!paused[a]) {
            return;
        }
        paused[a] = false;
        if (onDuty[a]) {
            tally.staffed(primaryDesk[a], t, 1);
        }
        syncAgent(a);
        takeNext(a, t);
    }

    /** The overflow check of {@code d} each second while callers wait, as the engine's overflow actor does. */
    void tick(int d, long t) {
        if (waitLen[d] == 0) {
            ticking[d] = false;
            return;
        }
        Step[] st = steps[d];
        OverflowPolicy.QueueState q = new OverflowPolicy.QueueState(List.of(), members.loggedIn[d], members.staffed[d],
                members.free[d], averageHandle(d));
        Callers k = callers;
        int nd = 0;
        int membership = 0;
        int[] w = waiting[d];
        for (int p = 0; p < waitLen[d]; p++) {
            int c = w[p];
            long waited = Math.max(0, (t - k.firstJoined[c]) / 1000);
            boolean movable = !k.placeholder[c] && !k.moved[c];
            for (int i = 0; i < st.length; i++) {
                Step s = st[i];
                if (!OverflowPolicy.holds(s.trigger(), q, p + 1, waited)) {
                    continue;
                }
                boolean moves = s.action().movesCaller();
                if (!moves) {
                    membership |= 1 << i;
                }
                if (moves && !movable) {
                    continue;
                }
                if (!k.placeholder[c] && (k.taken[c] & (1L << i)) == 0) {
                    k.taken[c] |= 1L << i;
                    tally.step(d, k.hour[c], i + 1);
                    if (moves) {
                        if (nd + 2 > decisions.length) {
                            decisions = Arrays.copyOf(decisions, decisions.length * 2);
                        }
                        decisions[nd++] = c;
                        decisions[nd++] = i;
                    }
                }
                if (moves) {
                    movable = false;
                }
            }
        }
        for (int i = 0; i < st.length; i++) {
            if ((membership & (1 << i)) != 0 && (activeSteps[d] & (1 << i)) == 0) {
                activeSteps[d] |= 1 << i;
                applyMembership(d, i, st[i].action(), t);
            }
        }
        for (int j = 0; j < nd; j += 2) {
            move(d, decisions[j], st[decisions[j + 1]].action(), t);
        }
        if (waitLen[d] > 0) {
            events.push(t + 1000, EV_TICK, d, 0);
        } else {
            ticking[d] = false;
        }
    }

    private void move(int d, int c, OverflowConfig.Action action, long t) {
        Callers k = callers;
        int i = indexOf(d, c);
        if (i < 0) {
            return;
        }
        switch (action) {
            case OverflowConfig.OfferCallback cb -> {
                if (k.acceptsCallback[c]) {
                    k.placeholder[c] = true;
                    k.gen[c]++; // cancels the hang-up
                    tally.add(d, k.hour[c], Field.CALLBACK_ACCEPTED, 1);
                    events.push(t + callbackRules.maxWaitSeconds() * 1000L, EV_PLACEHOLDER_TIMEOUT, c, k.gen[c]);
                } else {
                    k.moved[c] = true;
                }
            }
            case OverflowConfig.Partner p -> leave(d, i, c, Field.PARTNER, t);
            case OverflowConfig.Voicemail v -> leave(d, i, c, Field.VOICEMAIL, t);
            default -> throw new IllegalStateException("not a moving action: " + action.describe());
        }
    }

    private void leave(int d, int i, int c, Field outcome, long t) {
        removeAt(d, i, t);
        tally.add(d, callers.hour[c], outcome, 1);
        callers.release(c);
    }

    private void applyMembership(int d, int stepIndex, OverflowConfig.Action action, long t) {
        switch (action) {
            case OverflowConfig.AddAgentsOf add -> {
                int[] ps = backupPos[d][stepIndex];
                for (int j = 0; j < ps.length; j++) {
                    int p = ps[j];
                    if (members.src[d][p] == 0) {
                        member(d, p, Members.SRC_OVER, true, backupPen[d][stepIndex][j], t);
                    }
                }
            }
            case OverflowConfig.Widen wd -> {
                for (int p = 0; p < members.nPos[d]; p++) {
                    int prof = members.proficiency[d][p];
                    if ((members.src[d][p] & Members.SRC_BASE) != 0 && prof < startProficiency[d] && prof >= wd.toProficiency()) {
                        members.widened[d][p] = true;
                        members.sync(d, p);
                        dispatchTo(d, p, t);
                    }
                }
            }
            default -> throw new IllegalStateException("not a membership action: " + action.describe());
        }
    }

    /** The queue drained: membership steps are undone (backup agents leave, penalties return). */
    private void releaseSteps(int d, long t) {
        if (activeSteps[d] == 0) {
            return;
        }
        activeSteps[d] = 0;
        members.releaseOverflow(d);
    }

    String queueName(int d) {
        return deskQueue[d];
    }

    int waiting(int d) {
        return waitLen[d];
    }

    /** The caller at queue position {@code i} (0 first) of desk {@code d}. */
    int waitingAt(int d, int i) {
        return waiting[d][i];
    }

    int desks() {
        return desks;
    }
}
