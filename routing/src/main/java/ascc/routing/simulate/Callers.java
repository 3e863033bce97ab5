package ascc.routing.simulate;

import java.util.Arrays;

/** Calls in the system, as parallel primitive arrays indexed by a reusable slot (no object per call). */
final class Callers {
    static final long NEVER = Long.MAX_VALUE / 4;

    int[] desk = new int[256];
    int[] company = new int[256];
    int[] priority = new int[256];
    int[] hour = new int[256];
    long[] joined = new long[256];
    long[] firstJoined = new long[256];
    long[] handleMs = new long[256];
    long[] patienceMs = new long[256];
    int[] gen = new int[256];
    boolean[] placeholder = new boolean[256];
    boolean[] moved = new boolean[256];
    long[] taken = new long[256];
    int[] attempts = new int[256];
    boolean[] acceptsCallback = new boolean[256];
    double[] answerU = new double[256];
    double[] answerShare = new double[256];
    private int[] free = new int[256];
    private int freeCount;
    private int used;

    int alloc() {
        int s;
        if (freeCount > 0) {
            s = free[--freeCount];
        } else {
            s = used++;
            if (s == desk.length) {
                grow(s * 2);
            }
        }
        gen[s]++;
        placeholder[s] = false;
        moved[s] = false;
        taken[s] = 0;
        attempts[s] = 0;
        return s;
    }

    void release(int s) {
        gen[s]++;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = s;
    }

    /** Whether the customer answers callback attempt {@code attempt} (0-based): a fixed uniform per call and attempt. */
    boolean answers(int s, int attempt) {
        double u = answerU[s] + attempt * 0.6180339887498949;
        return u - Math.floor(u) < answerShare[s];
    }

    private void grow(int n) {
        desk = Arrays.copyOf(desk, n);
        company = Arrays.copyOf(company, n);
        priority = Arrays.copyOf(priority, n);
        hour = Arrays.copyOf(hour, n);
        joined = Arrays.copyOf(joined, n);
        firstJoined = Arrays.copyOf(firstJoined, n);
        handleMs = Arrays.copyOf(handleMs, n);
        patienceMs = Arrays.copyOf(patienceMs, n);
        gen = Arrays.copyOf(gen, n);
        placeholder = Arrays.copyOf(placeholder, n);
        moved = Arrays.copyOf(moved, n);
        taken = Arrays.copyOf(taken, n);
        attempts = Arrays.copyOf(attempts, n);
        acceptsCallback = Arrays.copyOf(acceptsCallback, n);
        answerU = Arrays.copyOf(answerU, n);
        answerShare = Arrays.copyOf(answerShare, n);
    }
}
