package ascc.core;

import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.ConfigLoader;
import ascc.routing.config.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running {@link CenterConfig}, swapped atomically on {@link #reload()}. Readers call {@link #get()} once per
 * unit of work (a call, a request), so a reload takes effect for the next one and never half-way. A reload that
 * finds any problem keeps the running config exactly as it was.
 */
public final class ConfigHolder implements Supplier<CenterConfig> {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigHolder.class);

    /** Told after a successful swap, e.g. to re-render the Asterisk config. */
    @FunctionalInterface
    public interface Listener {
        void reloaded(CenterConfig previous, CenterConfig current);
    }

    /**
     * What a reload did.
     *
     * @param applied true when the new config is now the running one
     * @param summary one line for admins: counts and what changed, or why nothing changed
     * @param problems every problem found (file:line: key: message); empty when applied
     */
    public record ReloadResult(boolean applied, String summary, List<Problem> problems) {
        public ReloadResult {
            problems = List.copyOf(problems);
        }

        /** The summary, then one problem per line. */
        public String text() {
            StringBuilder sb = new StringBuilder(summary).append('\n');
            problems.forEach(p -> sb.append("  ").append(p).append('\n'));
            return sb.toString();
        }
    }

    /**
     * A config file read besides the center config (e.g. {@code overflow.yaml}, {@code staffing.yaml}): checked against the
     * new center config on every reload, swapped together with it or not at all.
     */
    @FunctionalInterface
    public interface Part {
        /**
         * Loads and validates the part against {@code next}; returns the action that makes it the running one (called only
         * when the center config and every part loaded without problems).
         *
         * @throws ConfigException with file:line: key problems; the reload is then refused and nothing changes
         */
        Runnable prepare(CenterConfig next) throws ConfigException;
    }

    private final List<Part> parts = new CopyOnWriteArrayList<>();
    private final Path dir;
    private final Map<String, String> env;
    private final AtomicReference<CenterConfig> current;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object reloadLock = new Object();

    /**
     * @param dir the config directory {@link #reload()} reads again
     * @param env environment for {@code ${VAR}} references
     * @param initial the config already loaded from {@code dir}
     */
    public ConfigHolder(Path dir, Map<String, String> env, CenterConfig initial) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.env = Map.copyOf(env);
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** Loads {@code dir} for the first time. */
    public static ConfigHolder load(Path dir, Map<String, String> env) throws ConfigException {
        return new ConfigHolder(dir, env, ConfigLoader.load(dir, env));
    }

    @Override
    public CenterConfig get() {
        return current.get();
    }

    public Path dir() {
        return dir;
    }

    /** Adds a listener; returns an action that removes it. */
    public Runnable onReload(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Adds a part reloaded with the center config; returns an action that removes it. */
    public Runnable addPart(Part part) {
        Objects.requireNonNull(part, "part");
        parts.add(part);
        return () -> parts.remove(part);
    }

    /**
     * Reads the directory again. On success swaps the running config, then tells the listeners (a failing listener
     * is logged; the swap stands). On problems nothing changes and the result lists every problem.
     */
    public ReloadResult reload() {
        synchronized (reloadLock) {
            CenterConfig next;
            try {
                next = ConfigLoader.load(dir, env);
            } catch (ConfigException e) {
                LOG.warn("config reload from {} refused, running config kept: {}", dir, e.getMessage());
                return new ReloadResult(false, "reload refused: " + e.problems().size() + " problem(s) in " + dir
                        + "; the running config is unchanged", e.problems());
            }
            List<Problem> problems = new ArrayList<>();
            List<Runnable> swaps = new ArrayList<>();
            for (Part part : parts) {
                try {
                    swaps.add(part.prepare(next));
                } catch (ConfigException e) {
                    problems.addAll(e.problems());
                }
            }
            if (!problems.isEmpty()) {
                ReloadResult refused = new ReloadResult(false, "reload refused: " + problems.size() + " problem(s) in " + dir
                        + "; the running config is unchanged", problems);
                LOG.warn("config reload from {} refused, running config kept:\n{}", dir, refused.text());
                return refused;
            }
            CenterConfig previous = current.getAndSet(next);
            swaps.forEach(Runnable::run);
            String summary = "reloaded " + dir + ": " + describe(previous, next);
            LOG.info("config {}", summary);
            for (Listener l : listeners) {
                try {
                    l.reloaded(previous, next);
                } catch (RuntimeException e) {
                    LOG.error("config reload listener {} failed after reloading {} (config stays swapped)", l, dir, e);
                }
            }
            return new ReloadResult(true, summary, List.of());
        }
    }

    /**
     * HTTP handler for an admin reload route, e.g. {@code http.route("POST", "/api/config/reload", holder::handleReload)}:
     * 200 with the summary, or 422 with every problem (the running config unchanged).
     */
    public HttpResponseSpec handleReload(HttpRequestInfo request) {
        ReloadResult r = reload();
        return HttpResponseSpec.text(r.applied() ? 200 : 422, r.text());
    }

    /** Counts and the ids added, removed or changed, e.g. {@code 7 companies (+acme, ~hanbit), 6 desks, 3 agents}. */
    static String describe(CenterConfig previous, CenterConfig next) {
        return part("companies", previous.companies(), next.companies()) + ", "
                + part("desks", previous.desks(), next.desks()) + ", "
                + part("agents", previous.agents(), next.agents())
                + (previous.hours().equals(next.hours()) ? "" : ", hours changed")
                + (previous.engine().equals(next.engine()) ? "" : ", engine settings changed (addresses and ports need a restart)");
    }

    private static String part(String what, Map<String, ?> before, Map<String, ?> after) {
        List<String> changes = new ArrayList<>();
        after.keySet().stream().filter(id -> !before.containsKey(id)).forEach(id -> changes.add("+" + id));
        before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(id -> changes.add("-" + id));
        after.keySet().stream().filter(id -> before.containsKey(id) && !before.get(id).equals(after.get(id)))
                .forEach(id -> changes.add("~" + id));
        return after.size() + " " + what + (changes.isEmpty() ? "" : changes.stream().collect(Collectors.joining(", ", " (", ")")));
    }
}
