package ascc.core.feature;

import ascc.agi.AgiScript;
import ascc.core.ami.AmiClient;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiLinks;
import ascc.core.http.HttpServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What features add to the shared servers while they start: FastAGI scripts, HTTP routes, health probes, AMI event
 * subscribers and resync hooks. The FastAGI and admin HTTP features read the scripts, routes and probes when they
 * start, so they start after every feature contributing them. AMI subscriptions go straight to the client (before it
 * connects).
 */
public final class Contributions {
    private final AmiClient ami;
    /** Every box's link (engine.yaml boxes), or null: only {@link #ami}. */
    private final AmiLinks links;
    private final Map<String, AgiScript> scripts = new LinkedHashMap<>();
    private final List<Consumer<HttpServer>> routes = new ArrayList<>();
    private final Map<String, BooleanSupplier> probes = new LinkedHashMap<>();
    private final Map<String, Supplier<String>> reasons = new LinkedHashMap<>();

    public Contributions(AmiClient ami) {
        this.ami = Objects.requireNonNull(ami, "ami");
        this.links = null;
    }

    /** Over every box's link: {@link #amiEvents} and {@link #amiResync} use the first box's, the {@code EveryBox} ones all. */
    public Contributions(AmiLinks links) {
        this.links = Objects.requireNonNull(links, "links");
        this.ami = links.primary();
    }

    /** Serves {@code script} as {@code agi://host:port/<name>}. */
    public synchronized void script(String name, AgiScript script) {
        if (scripts.putIfAbsent(name, Objects.requireNonNull(script, "script")) != null) {
            throw new IllegalStateException("FastAGI script " + name + " contributed twice");
        }
    }

    /** Adds routes to the admin HTTP server before it starts. */
    public synchronized void routes(Consumer<HttpServer> adder) {
        routes.add(Objects.requireNonNull(adder, "adder"));
    }

    /** A named component state for {@code /health}. */
    public synchronized void probe(String name, BooleanSupplier up) {
        if (probes.putIfAbsent(name, Objects.requireNonNull(up, "up")) != null) {
            throw new IllegalStateException("health probe " + name + " contributed twice");
        }
    }

    /** A named component state for {@code /health}, with why it is down ({@code whyDown} gives null while up). */
    public synchronized void probe(String name, BooleanSupplier up, Supplier<String> whyDown) {
        probe(name, up);
        reasons.put(name, Objects.requireNonNull(whyDown, "whyDown"));
    }

    /** Why probes are down, by probe name (only the probes that say). */
    public synchronized Map<String, Supplier<String>> reasons() {
        return new LinkedHashMap<>(reasons);
    }

    /** Delivers every AMI event to {@code subscriber} (named, on its own queue and thread); the returned action unsubscribes. */
    public Runnable amiEvents(String name, Consumer<AmiEvent> subscriber) {
        return ami.subscribe(name, subscriber);
    }

    /**
     * Delivers every AMI event of every Asterisk box to {@code subscriber} (each event says its box: {@link AmiEvent#box()}),
     * one queue and thread per box; with one box the same as {@link #amiEvents}.
     */
    public Runnable amiEventsEveryBox(String name, Consumer<AmiEvent> subscriber) {
        return amiEventsEveryBox(name, eventName -> true, subscriber);
    }

    /**
     * As {@link #amiEventsEveryBox(String, Consumer)}, with only the events whose name {@code eventNames} accepts: a
     * feature names the events it reads, so its thread is not woken for the rest of every call's events.
     */
    public Runnable amiEventsEveryBox(String name, Predicate<String> eventNames, Consumer<AmiEvent> subscriber) {
        return links == null ? ami.subscribe(name, eventNames, subscriber) : links.subscribeEvery(name, eventNames, subscriber);
    }

    /** Runs {@code hook} with a box's link after every (re)connect of that link; the returned action removes it. */
    public Runnable amiResyncEveryBox(String name, Consumer<AmiClient> hook) {
        if (links == null) {
            return ami.onResync(name, () -> hook.accept(ami));
        }
        List<Runnable> undo = new ArrayList<>();
        links.byBox().values().forEach(c -> undo.add(c.onResync(name, () -> hook.accept(c))));
        return () -> undo.forEach(Runnable::run);
    }

    /**
     * Every box's link by the box id its events carry ({@link AmiEvent#box()}: {@code ""} on the one-box link), the first
     * box first.
     */
    public Map<String, AmiClient> links() {
        if (links == null || links.byBox().size() == 1) {
            return Map.of(ami.box() == null ? "" : ami.box(), ami);
        }
        return links.byBox();
    }

    /**
     * The link an action on {@code channel} (a channel name or unique id) goes to: the box a link told of it, else the
     * first box's ({@link AmiLinks#forChannel}).
     */
    public AmiClient forChannel(String channel) {
        return links == null ? ami : links.forChannel(channel);
    }

    /** The link of box {@code box} (as its events carry it), or the first box's when there is no such box. */
    public AmiClient link(String box) {
        AmiClient c = links().get(box == null ? "" : box);
        return c != null ? c : ami;
    }

    /** Every box's link by box id in engine.yaml's order (the first box's first); with one box just that one. */
    public Map<String, AmiClient> byBox() {
        return links == null ? Map.of(ascc.routing.config.AsteriskBox.DEFAULT_ID, ami) : links.byBox();
    }

    /** The links of the Asterisk boxes after the first (engine.yaml {@code boxes}); empty with one box. */
    public List<AmiClient> otherBoxes() {
        return links == null ? List.of() : links.byBox().values().stream().filter(c -> c != ami).toList();
    }

    /** Runs {@code hook} after every AMI (re)connect (named like the subscription); the returned action removes it. */
    public Runnable amiResync(String name, Runnable hook) {
        return ami.onResync(name, hook);
    }

    public synchronized Map<String, AgiScript> scripts() {
        return Map.copyOf(scripts);
    }

    public synchronized List<Consumer<HttpServer>> routes() {
        return List.copyOf(routes);
    }

    /** The probes in contribution order. */
    public synchronized Map<String, BooleanSupplier> probes() {
        return new LinkedHashMap<>(probes);
    }
}
