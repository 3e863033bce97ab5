package ascc.core.ami;

import ascc.core.metrics.Metrics;
import ascc.routing.config.AsteriskBox;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One AMI link per Asterisk box (engine.yaml {@code boxes}). With one box (the {@code ami} shorthand) it is exactly the one
 * {@link AmiClient} the engine always had: untagged meters, threads {@code ami-io}, {@code ami-sub-<name>}, health probe
 * {@code ami}. With several, each box's client tags its meters {@code box=<id>} ({@code ascc_ami_connected{box="b"}} 0 = that
 * box is down), names its threads {@code ...-<id>}, stamps its events with the box id ({@link AmiEvent#box()}), and has
 * its own health probe {@code ami-<id>}.
 *
 * <p>Which box a channel lives on is learned from the links' own {@code Newchannel}/{@code Hangup} events
 * ({@link #boxOf}; a box's channels are forgotten when its link drops, as hang-ups may then go unheard);
 * {@link #forChannel} is the link an action on that channel must be sent to (overflow's actions on waiting callers).
 * Features follow every box through {@code Contributions} ({@code links}, {@code amiEventsEveryBox}); the dialer's and
 * callbacks' originates still use the first box's ({@link #primary()}); see docs/scale-out.md "Boxes".
 */
public final class AmiLinks implements AutoCloseable {
    /** The subscription that learns which box a channel is on (only with several boxes). */
    static final String OWNER_SUBSCRIPTION = "box-channels";

    private final List<AsteriskBox> boxes;
    private final Map<String, AmiClient> clients;
    /** Channel name and unique id -> box id; written by each link's {@code ami-sub-box-channels-<id>} thread. */
    private final Map<String, String> channelBox = new ConcurrentHashMap<>();
    private final List<Runnable> unsubscribe = new ArrayList<>();

    /**
     * Links to {@code boxes} made by {@code factory} (box, box id or null for the one-box link); nothing connects before
     * {@link #start()}.
     */
    AmiLinks(List<AsteriskBox> boxes, BiFunction<AsteriskBox, String, AmiClient> factory) {
        if (boxes.isEmpty()) {
            throw new IllegalArgumentException("no Asterisk box: engine.yaml needs 'ami' or 'boxes'");
        }
        this.boxes = List.copyOf(boxes);
        Map<String, AmiClient> m = new LinkedHashMap<>();
        boolean several = boxes.size() > 1;
        try {
            for (AsteriskBox b : boxes) {
                m.put(b.id(), Objects.requireNonNull(factory.apply(b, several ? b.id() : null), "client"));
            }
        } catch (RuntimeException e) {
            m.values().forEach(AmiClient::close);
            throw e;
        }
        this.clients = Collections.unmodifiableMap(m);
        if (several) {
            clients.forEach((id, c) -> {
                unsubscribe.add(c.subscribe(OWNER_SUBSCRIPTION, e -> learn(id, e)));
                unsubscribe.add(c.onStateChange(change -> { // never blocks: ami-io may call it
                    if (change.from() == AmiState.CONNECTED && change.to() != AmiState.CONNECTED) {
                        forget(id);
                    }
                }));
            });
        }
    }

    /** The links to {@code boxes} with the production settings ({@link AmiSettings#defaults}). */
    public static AmiLinks open(List<AsteriskBox> boxes, Clock clock, Metrics metrics) {
        return open(boxes, b -> AmiSettings.defaults(b.amiHost(), b.amiPort(), b.amiUser(), b.amiSecret()), clock, metrics);
    }

    /** The links to {@code boxes}, each with the settings {@code settings} gives for it. */
    public static AmiLinks open(List<AsteriskBox> boxes, Function<AsteriskBox, AmiSettings> settings, Clock clock, Metrics metrics) {
        return new AmiLinks(boxes, (b, tag) -> new AmiClient(settings.apply(b), clock, metrics, new Random(), tag));
    }

    /** The first box's link: what the features use. */
    public AmiClient primary() {
        return clients.get(boxes.getFirst().id());
    }

    /** Every link by box id, in engine.yaml's order. */
    public Map<String, AmiClient> byBox() {
        return clients;
    }

    public List<AsteriskBox> boxes() {
        return boxes;
    }

    /** The box {@code channel} (a channel name or unique id) was last seen on, or null when no link has told of it. */
    public String boxOf(String channel) {
        return channel == null ? null : channelBox.get(channel);
    }

    /** The link an action on {@code channel} goes to: its box's, or the first box's when no link has told of it. */
    public AmiClient forChannel(String channel) {
        String box = boxOf(channel);
        return box == null ? primary() : clients.get(box);
    }

    /**
     * Adds one health probe per link to {@code probe} (name, up, why down): {@code ami} for the one box, {@code ami-<id>}
     * for each of several.
     */
    public void probes(ProbeSink probe) {
        clients.forEach((id, c) -> probe.add(clients.size() == 1 ? "ami" : "ami-" + id, c::isConnected, c::downReason));
    }

    /** Where {@link #probes} adds its probes (e.g. {@code Contributions::probe}). */
    @FunctionalInterface
    public interface ProbeSink {
        void add(String name, java.util.function.BooleanSupplier up, Supplier<String> whyDown);
    }

    /** Starts every link connecting (in the background); returns at once. */
    public void start() {
        clients.values().forEach(AmiClient::start);
    }

    /** Delivers every event of every link to {@code subscriber} (named; each link has its own queue and thread). */
    public Runnable subscribeEvery(String name, Consumer<AmiEvent> subscriber) {
        return subscribeEvery(name, eventName -> true, subscriber);
    }

    /** As {@link #subscribeEvery(String, Consumer)}, with only the events whose name {@code eventNames} accepts. */
    public Runnable subscribeEvery(String name, Predicate<String> eventNames, Consumer<AmiEvent> subscriber) {
        List<Runnable> undo = new ArrayList<>();
        clients.values().forEach(c -> undo.add(c.subscribe(name, eventNames, subscriber)));
        return () -> undo.forEach(Runnable::run);
    }

    /** Logs off and stops every link. */
    @Override
    public void close() {
        unsubscribe.forEach(Runnable::run);
        RuntimeException first = null;
        for (AmiClient c : clients.values()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void learn(String box, AmiEvent e) {
        if (e.is("Newchannel")) {
            remember(e.channel(), box);
            remember(e.uniqueId(), box);
        } else if (e.is("Hangup")) {
            forgetOne(e.channel());
            forgetOne(e.uniqueId());
        }
    }

    private void remember(String key, String box) {
        if (key != null && !key.isEmpty()) {
            channelBox.put(key, box);
        }
    }

    private void forgetOne(String key) {
        if (key != null) {
            channelBox.remove(key);
        }
    }

    /** Box {@code box}'s link dropped: what it told may go stale (hang-ups missed while it is away). */
    private void forget(String box) {
        channelBox.values().removeIf(box::equals);
    }
}
