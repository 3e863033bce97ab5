package ascc.core.config;

import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running config of every file of the config directory, one immutable {@link Conf}, swapped atomically on
 * {@link #reload()}. Readers take the part they need once per unit of work (a call, a request, a dialing run), through
 * {@link #get()} (the center config), {@link #snapshot()} or a supplier from {@link #part}; so a reload takes effect for
 * the next one and never half-way. A reload that finds any problem in any file, or a change that only a restart applies
 * ({@link RestartRules}), keeps the running config exactly as it was.
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

    private final Path dir;
    private final Map<String, String> env;
    private final AtomicReference<Conf> current;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object reloadLock = new Object();

    /**
     * @param dir the config directory {@link #reload()} reads again
     * @param env environment for {@code ${VAR}} references
     * @param initial the config already loaded from {@code dir}
     */
    public ConfigHolder(Path dir, Map<String, String> env, Conf initial) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.env = Map.copyOf(env);
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** Loads every file of {@code dir} for the first time. */
    public static ConfigHolder load(Path dir, Map<String, String> env) throws ConfigException {
        return new ConfigHolder(dir, env, Conf.load(dir, env));
    }

    /** The running center config (engine, companies, desks, agents, hours, holidays). */
    @Override
    public CenterConfig get() {
        return current.get().center();
    }

    /** The running config of every file. */
    public Conf snapshot() {
        return current.get();
    }

    /**
     * A supplier of one part of the running config, e.g. {@code part(Conf::campaigns)}: each call reads the snapshot
     * running then, so a reload reaches the holder of the supplier.
     */
    public <T> Supplier<T> part(Function<Conf, T> part) {
        Objects.requireNonNull(part, "part");
        return () -> part.apply(current.get());
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

    /**
     * Reads the directory again. On success swaps the running config, then tells the listeners (a failing listener
     * is logged; the swap stands). On problems nothing changes and the result lists every problem.
     */
    public ReloadResult reload() {
        synchronized (reloadLock) {
            Conf next;
            try {
                next = Conf.load(dir, env);
            } catch (ConfigException e) {
                ReloadResult refused = new ReloadResult(false, "reload refused: " + e.problems().size() + " problem(s) in " + dir
                        + "; the running config is unchanged", e.problems());
                LOG.warn("config reload from {} refused, running config kept:\n{}", dir, refused.text());
                return refused;
            }
            Conf previous = current.get();
            List<Problem> restart = RestartRules.check(previous, next, dir, env);
            if (!restart.isEmpty()) {
                ReloadResult refused = new ReloadResult(false, "reload refused: " + restart.size() + " change(s) in " + dir
                        + " need a restart; the running config is unchanged", restart);
                LOG.warn("config reload from {} refused, running config kept:\n{}", dir, refused.text());
                return refused;
            }
            current.set(next);
            String summary = "reloaded " + dir + ": " + describe(previous, next);
            LOG.info("config {}", summary);
            for (Listener l : listeners) {
                try {
                    l.reloaded(previous.center(), next.center());
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

    /** Counts and the ids added, removed or changed, e.g. {@code 7 companies (+acme, ~hanbit), 6 desks, 3 agents}, and the
     * other files that changed. */
    static String describe(Conf previousConf, Conf nextConf) {
        CenterConfig previous = previousConf.center();
        CenterConfig next = nextConf.center();
        return changes("companies", previous.companies(), next.companies()) + ", "
                + changes("desks", previous.desks(), next.desks()) + ", "
                + changes("agents", previous.agents(), next.agents())
                + (previous.hours().equals(next.hours()) ? "" : ", hours changed")
                + (previous.engine().equals(next.engine()) ? "" : ", engine settings changed")
                + changed("overflow", previousConf.overflow(), nextConf.overflow())
                + changed("staffing", previousConf.staffing(), nextConf.staffing())
                + changed("campaigns", previousConf.campaigns(), nextConf.campaigns())
                + changed("recordings", previousConf.recordings(), nextConf.recordings())
                + changed("billing", previousConf.billing(), nextConf.billing());
    }

    private static String changed(String what, Object before, Object after) {
        return before.equals(after) ? "" : ", " + what + " changed";
    }

    private static String changes(String what, Map<String, ?> before, Map<String, ?> after) {
        List<String> changes = new ArrayList<>();
        after.keySet().stream().filter(id -> !before.containsKey(id)).forEach(id -> changes.add("+" + id));
        before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(id -> changes.add("-" + id));
        after.keySet().stream().filter(id -> before.containsKey(id) && !before.get(id).equals(after.get(id)))
                .forEach(id -> changes.add("~" + id));
        return after.size() + " " + what + (changes.isEmpty() ? "" : changes.stream().collect(Collectors.joining(", ", " (", ")")));
    }
}
