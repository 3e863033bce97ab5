package ascc.core.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config when a file in its directory changes: a {@link WatchService} on the directory, debounced (an editor's
 * save is often several events, and an admin may save three files in a row), on the {@code config-watcher} thread. The
 * result is logged: the applied summary, or every problem as file:line: key: message with the running config kept.
 *
 * <p>Only {@code *.yaml} / {@code *.yml} names count (editors' swap and backup files do not trigger a reload); a lost-events
 * overflow does.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final ConfigHolder holder;
    private final Duration debounce;
    private final Consumer<ConfigHolder.ReloadResult> onResult;
    private final WatchService watch;
    private final Thread thread;
    private volatile boolean closed;

    private ConfigWatcher(ConfigHolder holder, Duration debounce, Consumer<ConfigHolder.ReloadResult> onResult) throws IOException {
        this.holder = Objects.requireNonNull(holder, "holder");
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.onResult = Objects.requireNonNull(onResult, "onResult");
        this.watch = FileSystems.getDefault().newWatchService();
        try {
            holder.dir().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw new IOException("cannot watch config directory " + holder.dir() + ": " + e.getMessage(), e);
        }
        this.thread = Thread.ofPlatform().name("config-watcher").daemon(true).unstarted(this::run);
    }

    /** Watches {@code holder}'s directory, reloading {@code debounce} after the last change. */
    public static ConfigWatcher start(ConfigHolder holder, Duration debounce) throws IOException {
        return start(holder, debounce, r -> { });
    }

    /** As {@link #start(ConfigHolder, Duration)}, also handing every reload result to {@code onResult} (tests, metrics). */
    public static ConfigWatcher start(ConfigHolder holder, Duration debounce, Consumer<ConfigHolder.ReloadResult> onResult)
            throws IOException {
        ConfigWatcher w = new ConfigWatcher(holder, debounce, onResult);
        w.thread.start();
        LOG.info("watching {} for config changes (reload {} ms after the last change)", holder.dir(), debounce.toMillis());
        return w;
    }

    private void run() {
        long dueNanos = 0;
        boolean pending = false;
        try {
            while (!closed) {
                WatchKey key;
                if (pending) {
                    long left = dueNanos - System.nanoTime();
                    key = left <= 0 ? null : watch.poll(left, TimeUnit.NANOSECONDS);
                    if (key == null && System.nanoTime() - dueNanos >= 0) {
                        pending = false;
                        reload();
                        continue;
                    }
                } else {
                    key = watch.take();
                }
                if (key != null) {
                    if (relevant(key)) {
                        pending = true;
                        dueNanos = System.nanoTime() + debounce.toNanos();
                    }
                    if (!key.reset()) {
                        LOG.error("config directory {} is no longer watchable (deleted or moved?); file changes are not reloaded"
                                + " any more, use 'ivr reload'", holder.dir());
                        return;
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            if (!closed) {
                LOG.error("config watcher on {} stopped unexpectedly; file changes are not reloaded any more", holder.dir(), e);
            }
        }
    }

    private static boolean relevant(WatchKey key) {
        boolean any = false;
        for (WatchEvent<?> e : key.pollEvents()) {
            if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                any = true;
            } else if (e.context() instanceof Path p) {
                String name = p.getFileName().toString();
                any |= !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
            }
        }
        return any;
    }

    private void reload() {
        ConfigHolder.ReloadResult r;
        try {
            r = holder.reload();
        } catch (RuntimeException e) {
            LOG.error("config reload after a change in {} failed; the running config is kept", holder.dir(), e);
            return;
        }
        if (r.applied()) {
            LOG.info("config file change: {}", r.summary());
        } else {
            LOG.warn("config file change refused, the running config is kept: {}", r.text().strip());
        }
        try {
            onResult.accept(r);
        } catch (RuntimeException e) {
            LOG.warn("config watcher result consumer failed", e);
        }
    }

    /** Stops watching. */
    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            LOG.warn("closing the watch on {} failed", holder.dir(), e);
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
