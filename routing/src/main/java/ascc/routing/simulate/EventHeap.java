package ascc.routing.simulate;

import java.util.Arrays;

/**
 * The simulation's future events: a binary heap of primitive longs, no allocation per event. Each key packs the time in
 * milliseconds (high bits) with a slot number (low {@value #SLOT_BITS} bits) whose type and argument live in parallel
 * arrays; equal times come out in slot order, so a run is deterministic.
 */
final class EventHeap {
    static final int SLOT_BITS = 26;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    /** Latest time an event may have (about 4 years in ms). */
    static final long MAX_TIME = (1L << (63 - SLOT_BITS)) - 1;

    private long[] heap = new long[1024];
    private int size;
    private int[] type = new int[1024];
    private int[] arg = new int[1024];
    private int[] arg2 = new int[1024];
    private int[] freeSlots = new int[1024];
    private int freeCount;
    private int slotsUsed;

    /** Schedules event {@code t} of {@code kind} with two int arguments at {@code timeMs}. */
    void push(long timeMs, int kind, int a, int b) {
        if (timeMs < 0 || timeMs > MAX_TIME) {
            throw new IllegalArgumentException("event time out of range: " + timeMs + " ms");
        }
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            slot = slotsUsed++;
            if (slot > SLOT_MASK) {
                throw new IllegalStateException("more than " + SLOT_MASK + " pending events");
            }
            if (slot == type.length) {
                type = Arrays.copyOf(type, slot * 2);
                arg = Arrays.copyOf(arg, slot * 2);
                arg2 = Arrays.copyOf(arg2, slot * 2);
            }
        }
        type[slot] = kind;
        arg[slot] = a;
        arg2[slot] = b;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        long key = (timeMs << SLOT_BITS) | slot;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Time of the next event. */
    long peekTime() {
        return heap[0] >>> SLOT_BITS;
    }

    /** Removes the next event and returns its slot (read {@link #type}, {@link #arg}, {@link #arg2} before the next push). */
    int pop() {
        long top = heap[0];
        long last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right] < heap[child]) {
                child = right;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = last;
        }
        int slot = (int) (top & SLOT_MASK);
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
        }
        freeSlots[freeCount++] = slot;
        return slot;
    }

    int type(int slot) {
        return type[slot];
    }

    int arg(int slot) {
        return arg[slot];
    }

    int arg2(int slot) {
        return arg2[slot];
    }

    int size() {
        return size;
    }
}
