package ascc.routing.simulate;

import ascc.routing.QueuePriority;
import ascc.routing.RecentCallers;
import ascc.routing.Router;
import ascc.routing.config.Agent;
import ascc.routing.config.AfterHours;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import ascc.routing.config.Desk;
import ascc.routing.config.OverflowConfig;
import ascc.routing.config.Priorities;
import ascc.routing.config.StaffingConfig;
import ascc.routing.simulate.SimulationResult.Field;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The discrete-event simulation of the center. Calls arrive from a {@link TrafficProfile} (a Poisson process whose rate is
 * constant within each hour of the week) or a fixed {@link Arrival} list; each is routed by the real {@link Router} (company,
 * category, desk, hours, holidays, closures), gets its queue priority from the real {@link QueuePriority}, and waits in the
 * desk's queue as {@link QueueModel} describes. Peak staffing comes from the real {@link StaffingConfig#wantedAt}.
 *
 * <p>Speed: events are primitive (see {@link EventHeap}), calls live in reusable slots, nothing is logged per call. The
 * router's decision is memoized per (company, category) and per hour (per minute when some opening range of hours.yaml does
 * not start or end on the hour): it depends on nothing else (holidays and closures are whole days).
 *
 * <p>Random numbers: the traffic (arrival times, who calls, handle time, patience, VIP, callback answers) comes from one
 * stream drawn in arrival order only, eleven numbers per call, so the same seed gives the same calls against any
 * configuration ({@code --compare}); pauses use a second stream.
 */
public final class Simulator {
    private static final long HOUR_MS = 3_600_000L;
    private static final int EV_ARRIVAL = 10;
    private static final int EV_STAFFING = 11;
    private static final int EV_HOUR = 12;
    private static final int EV_PAUSE = 13;
    private static final int EV_AFTER_HOURS_CALLBACK = 14;
    private static final int EV_SELF_SERVICE_DONE = 15;

    /** Told how far a long run is, about once per simulated day. */
    @FunctionalInterface
    public interface Progress {
        void at(long simulatedMillis, long totalMillis, long calls);

        Progress NONE = (s, t, c) -> { };
    }

    private final SimulationSpec spec;
    private final CenterConfig cfg;
    private final Router router;
    private final ZoneId zone;
    private final ZonedDateTime start;
    private final long endMs;
    private final EventHeap events = new EventHeap();
    private final Tally tally;
    private final QueueModel model;
    private final List<String> deskIds;
    private final Map<String, Integer> deskIndex = new HashMap<>();
    private final List<String> companyIds;
    private final Map<String, Integer> companyIndex = new HashMap<>();
    private final SplittableRandom traffic;
    private final SplittableRandom behaviour;
    private final SelfServiceCallers selfService; // null when the profile has none (then not one number more is drawn)
    private final boolean minuteMemo;
    private final Set<LocalDate> holidays;
    private final Routes routes;
    // generated traffic
    private final List<TrafficProfile.Entry> entries;
    private final int[][] entryTargets;
    private final double[][] entryShares;
    private final double[] cumulative;
    private int cumulativeHour = -1;
    private double hourRate;
    private final int[] vipPriority;
    private final int[] repeatPriority;
    // agents
    private final int agents;
    private final int[][] synthetic; // PerDeskHour: [desk] -> agent ids
    private final int[][] syntheticCounts;
    private final List<int[]> staffingPositions = new ArrayList<>(); // {desk, pos, agent}
    private final Map<String, Integer> agentIndex = new HashMap<>();
    private final List<String> agentIds;
    private long calls;
    private long eventCount;

    private Simulator(SimulationSpec spec) {
        this.spec = spec;
        this.cfg = spec.center();
        this.router = new Router(cfg);
        this.zone = cfg.engine().timeZone();
        this.start = spec.start().atStartOfDay(zone);
        this.endMs = java.time.Duration.between(start, spec.start().plusDays(spec.days()).atStartOfDay(zone)).toMillis();
        this.deskIds = List.copyOf(cfg.desks().keySet());
        this.agentIds = List.copyOf(cfg.agents().keySet());
        for (int i = 0; i < deskIds.size(); i++) {
            deskIndex.put(deskIds.get(i), i);
        }
        this.companyIds = List.copyOf(cfg.companies().keySet());
        for (int i = 0; i < companyIds.size(); i++) {
            companyIndex.put(companyIds.get(i), i);
        }
        int runHours = (int) (endMs / HOUR_MS) + 2;
        int[] how = new int[runHours];
        for (int h = 0; h < runHours; h++) {
            ZonedDateTime t = start.toInstant().plusMillis(h * HOUR_MS).atZone(zone);
            how[h] = (t.getDayOfWeek().getValue() - 1) * 24 + t.getHour();
        }
        this.tally = new Tally(deskIds.size(), how, spec.slSeconds() * 1000L, companyIds.size());
        // the seed is hashed first: runs with neighbouring seeds (1, 2, 3...) get unrelated streams
        SplittableRandom root = new SplittableRandom(spec.seed());
        this.traffic = new SplittableRandom(root.nextLong());
        this.behaviour = new SplittableRandom(root.nextLong());
        this.selfService = SelfServiceCallers.of(spec, companyIds, root.nextLong()); // a third stream: traffic stays as it was
        this.holidays = cfg.hours().holidayDates();
        this.minuteMemo = !HourAlignment.hoursOnTheHour(cfg) || !HourAlignment.staffingOnTheHour(spec.staffing());
        this.entries = spec.profile().entries();
        this.entryTargets = new int[entries.size()][];
        this.entryShares = new double[entries.size()][];
        this.cumulative = new double[entries.size()];
        Priorities rules = cfg.engine().priorities();
        this.vipPriority = new int[companyIds.size() + 1];
        this.repeatPriority = new int[companyIds.size() + 1];
        Instant someTime = start.toInstant();
        for (int i = 0; i < companyIds.size(); i++) {
            Company c = cfg.companies().get(companyIds.get(i));
            if (!c.vip().isEmpty()) {
                vipPriority[i] = QueuePriority.decide(rules, Optional.of(c), c.vip().get(0), Optional.empty(), null, someTime).level();
            }
            RecentCallers recent = new RecentCallers();
            recent.record("01000000000", someTime.minusSeconds(3600), null);
            repeatPriority[i] = QueuePriority.decide(rules, Optional.of(c), "01000000000", Optional.empty(), recent, someTime).level();
        }
        this.routes = new Routes(cfg, router, start, deskIndex, companyIndex, minuteMemo);
        for (int e = 0; e < entries.size(); e++) {
            routes.resolve(entries.get(e), entryTargets, entryShares, e);
        }
        // agents
        if (spec.agents() instanceof AgentPlan.PerDeskHour per) {
            synthetic = new int[deskIds.size()][];
            syntheticCounts = new int[deskIds.size()][];
            int n = 0;
            for (int d = 0; d < deskIds.size(); d++) {
                int[] counts = per.agentsByDesk().getOrDefault(deskIds.get(d), new int[TrafficProfile.WEEK_HOURS]);
                int max = 0;
                for (int v : counts) {
                    max = Math.max(max, v);
                }
                synthetic[d] = new int[max];
                syntheticCounts[d] = counts;
                for (int i = 0; i < max; i++) {
                    synthetic[d][i] = n++;
                }
            }
            agents = n;
        } else {
            synthetic = null;
            syntheticCounts = null;
            agents = cfg.agents().size();
        }
        int[] primary = new int[agents];
        if (synthetic != null) {
            for (int d = 0; d < synthetic.length; d++) {
                for (int a : synthetic[d]) {
                    primary[a] = d;
                }
            }
        } else {
            int i = 0;
            for (Agent a : cfg.agents().values()) {
                agentIndex.put(a.id(), i);
                int best = -1;
                int bestProf = -1;
                for (Map.Entry<String, Integer> s : a.skills().entrySet()) {
                    Integer d = deskIndex.get(s.getKey());
                    if (d != null && s.getValue() > bestProf) {
                        best = d;
                        bestProf = s.getValue();
                    }
                }
                primary[i++] = Math.max(best, 0);
            }
        }
        OverflowConfig ov = spec.overflow();
        String[] queues = new String[deskIds.size()];
        long[] wrap = new long[deskIds.size()];
        int[] maxPen = new int[deskIds.size()];
        int[] startProf = new int[deskIds.size()];
        OverflowConfig.Step[][] steps = new OverflowConfig.Step[deskIds.size()][];
        for (int d = 0; d < deskIds.size(); d++) {
            Desk desk = cfg.desks().get(deskIds.get(d));
            queues[d] = desk.queueName();
            wrap[d] = desk.wrapUpSeconds() * 1000L;
            Integer sp = ov.startProficiency().get(desk.id());
            startProf[d] = sp == null ? 5 : sp;
            maxPen[d] = sp == null ? Integer.MAX_VALUE : Agent.penaltyFor(sp);
            steps[d] = ov.steps().getOrDefault(desk.id(), List.of()).toArray(OverflowConfig.Step[]::new);
        }
        this.model = new QueueModel(events, tally, queues, wrap, maxPen, steps, startProf, ov.callback(), agents, primary);
        buildMembers(steps);
    }

    /** Runs {@code spec} to its end. */
    public static SimulationResult run(SimulationSpec spec, Progress progress) {
        return new Simulator(spec).go(progress);
    }

    private SimulationResult go(Progress progress) {
        long wall = System.nanoTime();
        if (spec.arrivals().isPresent()) {
            List<Arrival> list = new ArrayList<>(spec.arrivals().get());
            list.sort(java.util.Comparator.comparingLong(Arrival::offsetMillis));
            replay = list;
            if (!list.isEmpty()) {
                events.push(list.get(0).offsetMillis(), EV_ARRIVAL, 0, 0);
            }
        } else {
            scheduleNextArrival(0);
        }
        if (synthetic == null) {
            for (int a = 0; a < agents; a++) {
                model.setOnDuty(a, true, 0);
            }
            events.push(0, EV_STAFFING, 0, 0);
        }
        events.push(0, EV_HOUR, 0, 0);
        long nextProgress = 24 * HOUR_MS;
        while (!events.isEmpty()) {
            long t = events.peekTime();
            if (t >= endMs) {
                break;
            }
            int slot = events.pop();
            int type = events.type(slot);
            int a = events.arg(slot);
            int b = events.arg2(slot);
            eventCount++;
            switch (type) {
                case QueueModel.EV_FREE -> model.agentFree(a, t);
                case QueueModel.EV_ABANDON -> model.abandon(a, b, t);
                case QueueModel.EV_TICK -> model.tick(a, t);
                case QueueModel.EV_PLACEHOLDER_TIMEOUT -> model.placeholderTimeout(a, b, t);
                case QueueModel.EV_CALLBACK_RETRY -> model.callbackRetry(a, b, t);
                case QueueModel.EV_UNPAUSE -> model.unpause(a, t);
                case EV_ARRIVAL -> arrival(a, t);
                case EV_STAFFING -> staffing(t);
                case EV_HOUR -> hour(t);
                case EV_PAUSE -> model.pause(a, pauseMs(), t);
                case EV_AFTER_HOURS_CALLBACK, EV_SELF_SERVICE_DONE -> model.join(a, t, false);
                default -> throw new IllegalStateException("unknown event type " + type);
            }
            if (t >= nextProgress) {
                progress.at(t, endMs, calls);
                nextProgress += 24 * HOUR_MS;
            }
        }
        tally.finish(endMs);
        progress.at(endMs, endMs, calls);
        int[] occurrences = new int[TrafficProfile.WEEK_HOURS];
        for (long h = 0; h < endMs / HOUR_MS; h++) {
            occurrences[tally.hourOf(h * HOUR_MS)]++;
        }
        Map<String, SimulationResult.CompanyCounts> byCompany = new LinkedHashMap<>();
        for (int c = 0; c <= companyIds.size(); c++) {
            if (tally.companyOffered[c] == 0) {
                continue;
            }
            Map<String, Long> desks = new LinkedHashMap<>();
            for (int d = 0; d < deskIds.size(); d++) {
                if (tally.companyDesk[c][d] > 0) {
                    desks.put(deskIds.get(d), tally.companyDesk[c][d]);
                }
            }
            byCompany.put(c == companyIds.size() ? "(none)" : companyIds.get(c), new SimulationResult.CompanyCounts(
                    tally.companyOffered[c], tally.companyAnswered[c], tally.companyAbandoned[c], tally.companyClosed[c], desks,
                    tally.companySelfService[c]));
        }
        return new SimulationResult(deskIds, spec.slSeconds(), tally.counts, occurrences, byCompany, calls, eventCount,
                (System.nanoTime() - wall) / 1_000_000);
    }

    private List<Arrival> replay;

    // ---- traffic ----

    /** Schedules the next generated arrival at or after {@code from}; the rate is constant within each hour. */
    private void scheduleNextArrival(long from) {
        long t = from;
        double u = traffic.nextDouble();
        while (t < endMs) {
            int h = (int) (t / HOUR_MS);
            rates(h);
            long hourEnd = (h + 1L) * HOUR_MS;
            if (hourRate > 0) {
                double gap = -Math.log1p(-u) / hourRate * HOUR_MS;
                if (t + gap < hourEnd) {
                    events.push(t + (long) gap, EV_ARRIVAL, -1, 0);
                    return;
                }
                u = traffic.nextDouble(); // memoryless: start afresh at the next hour
            }
            t = hourEnd;
        }
    }

    private void rates(int runHour) {
        if (runHour == cumulativeHour) {
            return;
        }
        cumulativeHour = runHour;
        int how = tally.hourOf(runHour * HOUR_MS);
        double sum = 0;
        for (int e = 0; e < entries.size(); e++) {
            sum += entries.get(e).callsPerHour()[how];
            cumulative[e] = sum;
        }
        hourRate = sum;
    }

    private void arrival(int replayIndex, long t) {
        calls++;
        if (replayIndex >= 0) {
            Arrival a = replay.get(replayIndex);
            if (replayIndex + 1 < replay.size()) {
                events.push(replay.get(replayIndex + 1).offsetMillis(), EV_ARRIVAL, replayIndex + 1, 0);
            }
            Optional<Company> c = a.company().map(id -> cfg.companies().get(id));
            Optional<Category> cat = a.category();
            if (c.isPresent() && cat.isEmpty() && !c.get().categories().isEmpty()) {
                cat = Optional.of(c.get().categories().get(0));
            }
            if (c.isPresent() && cat.isPresent() && !c.get().categories().contains(cat.get())) {
                cat = c.get().categories().isEmpty() ? Optional.empty() : Optional.of(c.get().categories().get(0));
            }
            int tg = routes.target(c, cat);
            enter(tg, t, (long) (a.handleSeconds() * 1000), a.patienceSeconds(), a.priority(), 0.0, 1.0, 0.0, 1.0, 0);
            return;
        }
        double uEntry = traffic.nextDouble() * hourRate;
        double uTarget = traffic.nextDouble();
        double h1 = traffic.nextDouble();
        double h2 = traffic.nextDouble();
        double p1 = traffic.nextDouble();
        double p2 = traffic.nextDouble();
        double uVip = traffic.nextDouble();
        double uRepeat = traffic.nextDouble();
        double uAccept = traffic.nextDouble();
        double uAnswer = traffic.nextDouble();
        int e = HourAlignment.firstAbove(cumulative, entries.size(), uEntry);
        TrafficProfile.Entry entry = entries.get(e);
        double[] cum = entryShares[e];
        int ti = 0;
        while (ti < cum.length - 1 && uTarget > cum[ti]) {
            ti++;
        }
        int tg = entryTargets[e][ti];
        int company = routes.company(tg);
        int priority = 0;
        if (company < companyIds.size()) {
            if (uVip < entry.vipShare()) {
                priority = vipPriority[company];
            } else if (uRepeat < entry.repeatShare()) {
                priority = repeatPriority[company];
            }
        }
        long ivrMs = selfService == null ? 0 : selfService.decide(e, company);
        enter(tg, t, (long) (entry.handle().sample(h1, h2) * 1000), entry.patience().sample(p1, p2), priority,
                uAccept, entry.callbackAccept(), uAnswer, entry.callbackAnswer(), ivrMs);
        scheduleNextArrival(t);
    }

    private void enter(int tg, long t, long handleMs, double patienceSeconds, int priority, double uAccept, double acceptShare,
            double uAnswer, double answerShare, long ivrMs) {
        routes.route(tg, t);
        int d = routes.desk(tg);
        int company = routes.company(tg);
        int how = tally.hourOf(t);
        tally.add(d, how, Field.OFFERED, 1);
        tally.companyOffered[company]++;
        tally.companyDesk[company][d]++;
        if (routes.closed(tg)) {
            tally.add(d, how, Field.CLOSED, 1);
            tally.companyClosed[company]++;
            AfterHours after = cfg.hours().afterHours(routes.companyId(tg));
            if (after == AfterHours.VOICEMAIL) {
                tally.add(d, how, Field.VOICEMAIL, 1);
            } else if (after == AfterHours.CALLBACK) {
                tally.add(d, how, Field.AFTER_HOURS_CALLBACK, 1);
                long due = routes.due(tg);
                if (due < endMs) {
                    int c = newCall(d, company, priority, how, handleMs, Callers.NEVER, 0, 1, uAnswer, answerShare);
                    model.callers.placeholder[c] = true;
                    model.callers.firstJoined[c] = due;
                    model.callers.hour[c] = tally.hourOf(due);
                    events.push(due, EV_AFTER_HOURS_CALLBACK, c, 0);
                }
            }
            return;
        }
        if (ivrMs == SelfServiceCallers.RESOLVED) { // served by self-service: never reaches the desk
            tally.selfService(d, how, company);
            return;
        }
        long patienceMs = Double.isInfinite(patienceSeconds) ? Callers.NEVER : (long) (patienceSeconds * 1000);
        int c = newCall(d, company, priority, how, handleMs, patienceMs, uAccept, acceptShare, uAnswer, answerShare);
        model.callers.firstJoined[c] = t + ivrMs; // ivrMs > 0: heard the self-service menus, pressed 0; its wait starts now
        if (ivrMs > 0) {
            events.push(t + ivrMs, EV_SELF_SERVICE_DONE, c, 0);
        } else {
            model.join(c, t, false);
        }
    }

    private int newCall(int d, int company, int priority, int how, long handleMs, long patienceMs, double uAccept, double acceptShare,
            double uAnswer, double answerShare) {
        Callers k = model.callers;
        int c = k.alloc();
        k.desk[c] = d;
        k.company[c] = company;
        k.priority[c] = priority;
        k.hour[c] = how;
        k.handleMs[c] = handleMs;
        k.patienceMs[c] = patienceMs;
        k.acceptsCallback[c] = uAccept < acceptShare;
        k.answerU[c] = uAnswer;
        k.answerShare[c] = answerShare;
        return c;
    }

    // ---- agents ----

    private void buildMembers(OverflowConfig.Step[][] steps) {
        if (synthetic != null) {
            for (int d = 0; d < synthetic.length; d++) {
                for (int a : synthetic[d]) {
                    int p = model.position(d, a, 5);
                    model.member(d, p, Members.SRC_BASE, true, 0, 0);
                }
            }
        } else {
            int i = 0;
            for (Agent a : cfg.agents().values()) {
                for (Map.Entry<String, Integer> s : a.skills().entrySet()) {
                    Integer d = deskIndex.get(s.getKey());
                    if (d != null) {
                        int p = model.position(d, i, s.getValue());
                        model.member(d, p, Members.SRC_BASE, true, Agent.penaltyFor(s.getValue()), 0);
                    }
                }
                i++;
            }
            for (StaffingConfig.Schedule s : spec.staffing().schedules()) {
                Integer d = deskIndex.get(s.deskId());
                for (String agent : s.agents()) {
                    Integer a = agentIndex.get(agent);
                    if (d != null && a != null) {
                        int p = model.position(d, a, cfg.agents().get(agent).skills().getOrDefault(s.deskId(), s.proficiency()));
                        staffingPositions.add(new int[] {d, p, a, s.proficiency()});
                    }
                }
            }
        }
        int[][][] pos = new int[deskIds.size()][][];
        int[][][] pen = new int[deskIds.size()][][];
        for (int d = 0; d < deskIds.size(); d++) {
            pos[d] = new int[steps[d].length][];
            pen[d] = new int[steps[d].length][];
            for (int s = 0; s < steps[d].length; s++) {
                List<Integer> ps = new ArrayList<>();
                List<Integer> pe = new ArrayList<>();
                if (steps[d][s].action() instanceof OverflowConfig.AddAgentsOf add && synthetic == null) {
                    int i = 0;
                    for (Agent a : cfg.agents().values()) {
                        Integer prof = a.skills().get(add.deskId());
                        if (prof != null) {
                            ps.add(model.position(d, i, a.skills().getOrDefault(deskIds.get(d), prof)));
                            pe.add(Agent.penaltyFor(prof));
                        }
                        i++;
                    }
                } else if (steps[d][s].action() instanceof OverflowConfig.AddAgentsOf add) {
                    Integer b = deskIndex.get(add.deskId());
                    for (int a : b == null ? new int[0] : synthetic[b]) {
                        ps.add(model.position(d, a, 5));
                        pe.add(0);
                    }
                }
                pos[d][s] = ps.stream().mapToInt(Integer::intValue).toArray();
                pen[d][s] = pe.stream().mapToInt(Integer::intValue).toArray();
            }
        }
        model.backups(pos, pen);
    }

    /** Peak staffing: the real {@link StaffingConfig#wantedAt} decides who is on which desk now. */
    private void staffing(long t) {
        if (!staffingPositions.isEmpty()) {
            Instant now = start.toInstant().plusMillis(t);
            List<StaffingConfig.Assignment> wanted = spec.staffing().wantedAt(now, zone, holidays);
            for (int[] sp : staffingPositions) {
                String desk = deskIds.get(sp[0]);
                String agent = agentIds.get(sp[2]);
                StaffingConfig.Assignment w = null;
                for (StaffingConfig.Assignment x : wanted) {
                    if (x.deskId().equals(desk) && x.agentId().equals(agent)) {
                        w = x;
                    }
                }
                boolean on = w != null && !model.isMember(sp[0], sp[1], Members.SRC_BASE);
                if (on != model.isMember(sp[0], sp[1], Members.SRC_STAFF)) {
                    model.member(sp[0], sp[1], Members.SRC_STAFF, on, Agent.penaltyFor(w == null ? sp[3] : w.proficiency()), t);
                }
            }
        }
        long next = (t / (minuteMemo ? 60_000 : HOUR_MS) + 1) * (minuteMemo ? 60_000 : HOUR_MS);
        if (!staffingPositions.isEmpty() && next < endMs) {
            events.push(next, EV_STAFFING, 0, 0);
        }
    }

    /** Each hour: synthetic agents' shifts and the agents' pauses. */
    private void hour(long t) {
        int how = tally.hourOf(t);
        if (synthetic != null) {
            for (int d = 0; d < synthetic.length; d++) {
                int want = syntheticCounts[d][how];
                for (int i = 0; i < synthetic[d].length; i++) {
                    model.setOnDuty(synthetic[d][i], i < want, t);
                }
            }
        }
        double minutes = spec.profile().pauses().minutesPerHour();
        if (minutes > 0) {
            for (int a = 0; a < agents; a++) {
                if (model.onDuty[a]) {
                    events.push(t + (long) (behaviour.nextDouble() * (60 - minutes) * 60_000), EV_PAUSE, a, 0);
                }
            }
        }
        if (t + HOUR_MS < endMs) {
            events.push(t + HOUR_MS, EV_HOUR, 0, 0);
        }
    }

    private long pauseMs() {
        return (long) (spec.profile().pauses().minutesPerHour() * 60_000);
    }
}
