package ascc.routing.simulate;

import ascc.routing.RouteDecision;
import ascc.routing.Router;
import ascc.routing.config.Category;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Company;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The (company, category) pairs simulated calls are routed for, and the real {@link Router}'s decision for each, memoized
 * per hour of the run (per minute when an opening range of hours.yaml or a staffing schedule does not start or end on the
 * hour). The decision depends on nothing but the pair and the time (holidays and closures are whole days; the hours are
 * minutes), so the memo returns exactly what the router would.
 */
final class Routes {
    private static final long HOUR_MS = 3_600_000L;

    private record Target(int company, Optional<Company> c, Optional<Category> category) {
    }

    private final CenterConfig cfg;
    private final Router router;
    private final ZonedDateTime start;
    private final Map<String, Integer> deskIndex;
    private final Map<String, Integer> companyIndex;
    private final boolean minuteMemo;
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, Integer> targetIndex = new HashMap<>();
    private long[] memoKey = new long[0];
    private int[] memoDesk = new int[0];
    private boolean[] memoClosed = new boolean[0];
    private long[] memoDue = new long[0];

    Routes(CenterConfig cfg, Router router, ZonedDateTime start, Map<String, Integer> deskIndex, Map<String, Integer> companyIndex,
            boolean minuteMemo) {
        this.cfg = cfg;
        this.router = router;
        this.start = start;
        this.deskIndex = deskIndex;
        this.companyIndex = companyIndex;
        this.minuteMemo = minuteMemo;
    }

    /** Resolves profile entry {@code e} into its targets and their cumulative shares. */
    void resolve(TrafficProfile.Entry entry, int[][] entryTargets, double[][] entryShares, int e) {
        List<Integer> ts = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        if (entry.company().isPresent()) {
            Company c = cfg.companies().get(entry.company().get());
            if (c == null) {
                ts.add(target(Optional.empty(), Optional.empty()));
                shares.add(1.0);
            } else if (entry.category().isPresent()) {
                ts.add(target(Optional.of(c), entry.category()));
                shares.add(1.0);
            } else {
                List<Category> cats = c.categories().isEmpty() ? Collections.singletonList(null) : c.categories();
                for (Category cat : cats) {
                    double w = entry.categoryShares().isEmpty() ? 1.0 : entry.categoryShares().getOrDefault(cat, 0.0);
                    if (w > 0) {
                        ts.add(target(Optional.of(c), Optional.ofNullable(cat)));
                        shares.add(w);
                    }
                }
            }
        } else if (entry.category().isPresent()) {
            for (Company c : cfg.companies().values()) {
                if (c.categories().contains(entry.category().get())) {
                    ts.add(target(Optional.of(c), entry.category()));
                    shares.add(1.0);
                }
            }
        }
        if (ts.isEmpty()) {
            ts.add(target(Optional.empty(), Optional.empty()));
            shares.add(1.0);
        }
        entryTargets[e] = ts.stream().mapToInt(Integer::intValue).toArray();
        double total = shares.stream().mapToDouble(Double::doubleValue).sum();
        double[] cum = new double[shares.size()];
        double run = 0;
        for (int i = 0; i < cum.length; i++) {
            run += shares.get(i) / total;
            cum[i] = run;
        }
        cum[cum.length - 1] = 1.0;
        entryShares[e] = cum;
    }

    /** The index of the (company, category) pair, created on first use. */
    int target(Optional<Company> c, Optional<Category> category) {
        String key = c.map(Company::id).orElse("") + "|" + category.map(Category::id).orElse("");
        Integer i = targetIndex.get(key);
        if (i != null) {
            return i;
        }
        int idx = targets.size();
        targets.add(new Target(c.map(x -> companyIndex.get(x.id())).orElse(companyIndex.size()), c, category));
        targetIndex.put(key, idx);
        if (idx == memoKey.length) {
            // grow by half, not by one: 13,600 companies make ~23,000 targets, and growing by one copied the memo arrays
            // ~23,000 times (quadratic: 4.6 s of a national busy day's 7 s of CPU went there before the first call)
            int len = Math.max(16, idx + (idx >> 1));
            memoKey = Arrays.copyOf(memoKey, len);
            Arrays.fill(memoKey, idx, len, -1);
            memoDesk = Arrays.copyOf(memoDesk, len);
            memoClosed = Arrays.copyOf(memoClosed, len);
            memoDue = Arrays.copyOf(memoDue, len);
        }
        return idx;
    }

    /** Company index of target {@code tg} ({@code companies} for an unknown company). */
    int company(int tg) {
        return targets.get(tg).company();
    }

    String companyId(int tg) {
        return targets.get(tg).c().map(Company::id).orElse(null);
    }

    /** After {@link #route}: the desk index. */
    int desk(int tg) {
        return memoDesk[tg];
    }

    /** After {@link #route}: true when the call arrives outside hours. */
    boolean closed(int tg) {
        return memoClosed[tg];
    }

    /** After {@link #route} of a closed call: when its after-hours callback is due (ms since the run's start). */
    long due(int tg) {
        return memoDue[tg];
    }

    /** The real router's decision for target {@code tg} at run time {@code t} (ms). */
    void route(int tg, long t) {
        long key = minuteMemo ? t / 60_000 : t / HOUR_MS;
        if (memoKey[tg] == key) {
            return;
        }
        Target target = targets.get(tg);
        long slotStart = key * (minuteMemo ? 60_000 : HOUR_MS);
        ZonedDateTime at = start.toInstant().plusMillis(slotStart).atZone(start.getZone());
        RouteDecision dec;
        if (target.c().isEmpty()) {
            dec = router.routeGeneral("simulated call of an unknown company", at);
        } else {
            dec = router.routeCompany(target.c().get(), target.category().orElse(null), at, "simulated call");
        }
        memoKey[tg] = key;
        memoDesk[tg] = deskIndex.get(dec.desk().id());
        memoClosed[tg] = dec.action() == RouteDecision.Action.CLOSED;
        if (memoClosed[tg]) {
            Instant due = cfg.hours().callbackDue(companyId(tg), dec.desk().id(), at.toInstant(), start.getZone());
            memoDue[tg] = java.time.Duration.between(start.toInstant(), due).toMillis();
        }
    }
}
