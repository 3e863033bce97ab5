package ascc.routing.simulate;

import java.util.Arrays;

/**
 * Queue membership of every desk, at fixed positions (Asterisk's member order: rrmemory goes round it): per position the
 * agent, where the membership comes from (agents.yaml, a staffing schedule, an overflow step) with its penalty, and whether a
 * widen step lowered it; per desk and penalty level a bit set of the free members, and the counts overflow triggers read
 * (logged in, staffed, free). Primitive arrays; kept in line with the agents' states by {@link #sync}.
 */
final class Members {
    static final int SRC_BASE = 1;
    static final int SRC_STAFF = 2;
    static final int SRC_OVER = 4;
    static final int LEVELS = 5;

    private final int[] startProficiency;
    private final boolean[] onDuty;
    private final boolean[] paused;
    private final boolean[] busy;
    final int[][] posAgent;
    private final int[][] penBase;
    private final int[][] penStaff;
    private final int[][] penOver;
    final int[][] proficiency;
    final int[][] src;
    final boolean[][] widened;
    private final int[][] bitLevel;
    private final boolean[][] inLogged;
    private final boolean[][] inStaffed;
    final int[] nPos;
    private final long[][][] freeBits;
    private final int[] rrLast;
    final int[] loggedIn;
    final int[] staffed;
    final int[] free;
    int[][] agentDesk;
    int[][] agentPos;

    Members(int desks, int agents, int[] startProficiency, boolean[] onDuty, boolean[] paused, boolean[] busy) {
        this.startProficiency = startProficiency;
        this.onDuty = onDuty;
        this.paused = paused;
        this.busy = busy;
        posAgent = new int[desks][0];
        penBase = new int[desks][0];
        penStaff = new int[desks][0];
        penOver = new int[desks][0];
        proficiency = new int[desks][0];
        src = new int[desks][0];
        widened = new boolean[desks][0];
        bitLevel = new int[desks][0];
        inLogged = new boolean[desks][0];
        inStaffed = new boolean[desks][0];
        nPos = new int[desks];
        freeBits = new long[desks][LEVELS][1];
        rrLast = new int[desks];
        Arrays.fill(rrLast, -1);
        loggedIn = new int[desks];
        staffed = new int[desks];
        free = new int[desks];
        agentDesk = new int[agents][0];
        agentPos = new int[agents][0];
    }

    /** The position of {@code agent} on {@code desk}, created at the end of the member list the first time. */
    int position(int desk, int agent, int prof) {
        for (int i = 0; i < agentDesk[agent].length; i++) {
            if (agentDesk[agent][i] == desk) {
                return agentPos[agent][i];
            }
        }
        int p = nPos[desk]++;
        if (p == posAgent[desk].length) {
            int n = Math.max(8, p * 2);
            posAgent[desk] = Arrays.copyOf(posAgent[desk], n);
            penBase[desk] = Arrays.copyOf(penBase[desk], n);
            penStaff[desk] = Arrays.copyOf(penStaff[desk], n);
            penOver[desk] = Arrays.copyOf(penOver[desk], n);
            proficiency[desk] = Arrays.copyOf(proficiency[desk], n);
            src[desk] = Arrays.copyOf(src[desk], n);
            widened[desk] = Arrays.copyOf(widened[desk], n);
            bitLevel[desk] = Arrays.copyOf(bitLevel[desk], n);
            inLogged[desk] = Arrays.copyOf(inLogged[desk], n);
            inStaffed[desk] = Arrays.copyOf(inStaffed[desk], n);
            int words = (n + 63) >>> 6;
            for (int l = 0; l < LEVELS; l++) {
                freeBits[desk][l] = Arrays.copyOf(freeBits[desk][l], words);
            }
        }
        posAgent[desk][p] = agent;
        proficiency[desk][p] = prof;
        bitLevel[desk][p] = -1;
        agentDesk[agent] = append(agentDesk[agent], desk);
        agentPos[agent] = append(agentPos[agent], p);
        return p;
    }

    /** Sets or clears membership source {@code source} of ({@code desk}, {@code pos}) with its penalty. */
    void set(int desk, int pos, int source, boolean on, int penalty) {
        if (on) {
            src[desk][pos] |= source;
            if (source == SRC_BASE) {
                penBase[desk][pos] = penalty;
            } else if (source == SRC_STAFF) {
                penStaff[desk][pos] = penalty;
            } else {
                penOver[desk][pos] = penalty;
            }
        } else {
            src[desk][pos] &= ~source;
        }
        sync(desk, pos);
    }

    boolean isMember(int desk, int pos, int source) {
        return (src[desk][pos] & source) != 0;
    }

    /** The member's penalty now: the lowest of its sources, a widened own membership at the desk's start penalty. */
    int penalty(int d, int p) {
        int s = src[d][p];
        int best = Integer.MAX_VALUE;
        if ((s & SRC_BASE) != 0) {
            best = widened[d][p] ? Math.min(penBase[d][p], 5 - startProficiency[d]) : penBase[d][p];
        }
        if ((s & SRC_STAFF) != 0) {
            best = Math.min(best, penStaff[d][p]);
        }
        if ((s & SRC_OVER) != 0) {
            best = Math.min(best, penOver[d][p]);
        }
        return best;
    }

    /** Brings the counters and free bits of one membership in line with its agent's state. */
    void sync(int d, int p) {
        int a = posAgent[d][p];
        boolean member = src[d][p] != 0;
        boolean logged = member && onDuty[a];
        boolean staffedNow = logged && !paused[a];
        boolean freeNow = staffedNow && !busy[a];
        int level = freeNow ? Math.min(LEVELS - 1, penalty(d, p)) : -1;
        if (inLogged[d][p] != logged) {
            inLogged[d][p] = logged;
            loggedIn[d] += logged ? 1 : -1;
        }
        if (inStaffed[d][p] != staffedNow) {
            inStaffed[d][p] = staffedNow;
            staffed[d] += staffedNow ? 1 : -1;
        }
        int old = bitLevel[d][p];
        if (old != level) {
            if (old >= 0) {
                freeBits[d][old][p >>> 6] &= ~(1L << p);
                free[d]--;
            }
            if (level >= 0) {
                freeBits[d][level][p >>> 6] |= 1L << p;
                free[d]++;
            }
            bitLevel[d][p] = level;
        }
    }

    /** Re-syncs every membership of {@code agent} after its state changed. */
    void syncAgent(int agent) {
        int[] ds = agentDesk[agent];
        int[] ps = agentPos[agent];
        for (int i = 0; i < ds.length; i++) {
            sync(ds[i], ps[i]);
        }
    }

    /** The free member to ring: lowest penalty up to {@code maxPen}, round robin with memory among equals; -1 none. */
    int freeMember(int d, int maxPen) {
        if (free[d] == 0) {
            return -1;
        }
        int n = nPos[d];
        int start = rrLast[d] + 1;
        for (int level = 0; level <= Math.min(maxPen, LEVELS - 1); level++) {
            long[] bits = freeBits[d][level];
            int p = nextSet(bits, start, n);
            if (p < 0 && start > 0) {
                p = nextSet(bits, 0, start);
            }
            if (p >= 0) {
                rrLast[d] = p;
                return p;
            }
        }
        return -1;
    }

    private static int nextSet(long[] bits, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int w = from >>> 6;
        long word = bits[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                int p = (w << 6) + Long.numberOfTrailingZeros(word);
                return p < to ? p : -1;
            }
            if (++w >= bits.length || (w << 6) >= to) {
                return -1;
            }
            word = bits[w];
        }
    }

    /** Undoes the overflow steps of {@code d}: backup agents leave, widened penalties return. */
    void releaseOverflow(int d) {
        for (int p = 0; p < nPos[d]; p++) {
            boolean change = widened[d][p] || (src[d][p] & SRC_OVER) != 0;
            widened[d][p] = false;
            src[d][p] &= ~SRC_OVER;
            if (change) {
                sync(d, p);
            }
        }
    }

    private static int[] append(int[] a, int v) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}
