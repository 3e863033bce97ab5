package ascc.core.ami;

import io.micrometer.core.instrument.Counter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named subscription of the {@link AmiClient}: its own bounded queue and its own consumer thread (an actor), which
 * runs the subscription's event consumers in arrival order and its resync hooks after its own backlog drained. A slow
 * consumer here only fills this queue; other subscriptions do not wait for it.
 *
 * <p>Full queue policy: {@link #offer} never blocks (it runs on {@code ami-io}); an event that does not fit is dropped,
 * counted (here and in {@code ascc_ami_events_dropped_total}), logged once per episode, and this subscription's resync
 * hooks run once the backlog drained (they re-read what the lost events would have told, e.g. QueueStatus or the CDR
 * file). Nothing is dropped silently and no other subscription is affected.
 */
final class AmiSubscriber {
    private static final Logger LOG = LoggerFactory.getLogger(AmiSubscriber.class);
    private static final AmiEvent WAKE = new AmiEvent("(wake)", AmiMessage.of(), Instant.EPOCH);

    private final String name;
    private final String where;
    private final int capacity;
    private final BlockingQueue<AmiEvent> queue;
    private final Counter droppedTotal;
    private final Thread thread;
    private final List<Wanted> consumers = new CopyOnWriteArrayList<>();
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
    private final AtomicBoolean resyncPending = new AtomicBoolean();
    private final AtomicLong droppedSinceResync = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private volatile boolean stopping;

    AmiSubscriber(String name, String threadName, String where, int capacity, Counter droppedTotal) {
        this.name = name;
        this.where = where;
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.droppedTotal = droppedTotal;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    String name() {
        return name;
    }

    void start() {
        thread.start();
    }

    boolean isStarted() {
        return thread.getState() != Thread.State.NEW;
    }

    /** A consumer and the event names it reads. */
    private record Wanted(Predicate<String> eventNames, Consumer<AmiEvent> consumer) {
    }

    /** Adds {@code c}, given only the events whose name {@code eventNames} accepts. */
    void addConsumer(Predicate<String> eventNames, Consumer<AmiEvent> c) {
        consumers.add(new Wanted(eventNames, c));
    }

    void removeConsumer(Consumer<AmiEvent> c) {
        consumers.removeIf(w -> w.consumer() == c);
    }

    void addHook(Runnable h) {
        hooks.add(h);
    }

    void removeHook(Runnable h) {
        hooks.remove(h);
    }

    boolean isEmpty() {
        return consumers.isEmpty() && hooks.isEmpty();
    }

    boolean hasConsumers() {
        return !consumers.isEmpty();
    }

    /**
     * Whether a consumer reads events named {@code eventName} (on {@code ami-io}, before {@link #offer}): an event no
     * consumer reads is not queued, so this thread is not woken for it (most of a call's events concern a few subscribers).
     */
    boolean wants(String eventName) {
        for (Wanted w : consumers) {
            if (w.eventNames().test(eventName)) {
                return true;
            }
        }
        return false;
    }

    long dropped() {
        return dropped.sum();
    }

    /** Called on {@code ami-io}: enqueues or drops (see the class comment); never blocks. */
    void offer(AmiEvent e) {
        if (queue.offer(e)) {
            return;
        }
        dropped.increment();
        droppedTotal.increment();
        if (droppedSinceResync.getAndIncrement() == 0) {
            LOG.warn("AMI subscriber '{}' is behind (queue of {} full): dropping its events from {} until it catches up;"
                + " its resync follows", name, capacity, where);
        }
        resyncPending.set(true);
    }

    /** Runs this subscription's resync hooks once its queue is empty. Never blocks. */
    void requestResync() {
        resyncPending.set(true);
        if (!queue.offer(WAKE)) {
            LOG.debug("AMI subscriber '{}': queue full; resync runs after its backlog drained", name);
        }
    }

    /** Stops after the events already queued (interrupting a consumer that waits). */
    void stop() {
        stopping = true;
        thread.interrupt();
    }

    void join(long millis) throws InterruptedException {
        if (Thread.currentThread() != thread && thread.isAlive()) {
            thread.join(millis);
        }
    }

    private void run() {
        while (!stopping || !queue.isEmpty()) {
            AmiEvent e;
            try {
                e = queue.take();
            } catch (InterruptedException ie) {
                if (stopping) {
                    return;
                }
                LOG.warn("{} interrupted while not stopping ({}); continuing", thread.getName(), where);
                continue;
            }
            if (e != WAKE) {
                dispatch(e);
            }
            if (queue.isEmpty() && resyncPending.getAndSet(false) && !stopping) {
                runHooks();
            }
        }
    }

    private void dispatch(AmiEvent e) {
        for (Wanted w : consumers) {
            if (!w.eventNames().test(e.name())) {
                continue;
            }
            try {
                w.consumer().accept(e);
            } catch (RuntimeException ex) {
                LOG.error("AMI subscriber '{}' ({}) failed on event {} (Uniqueid={})", name, w.consumer(), e.name(), e.uniqueId(), ex);
            }
        }
    }

    private void runHooks() {
        long lost = droppedSinceResync.getAndSet(0);
        LOG.info("AMI resync of subscriber '{}' ({} hooks, {} events dropped since its last resync)", name, hooks.size(), lost);
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException ex) {
                LOG.error("AMI resync hook {} of subscriber '{}' failed ({})", hook, name, where, ex);
            }
        }
    }
}
