package ascc.core.feature;

import ascc.routing.config.ConfigException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's started parts, in start order: features and the resources they share (database, Quartz, AMI). A part
 * that fails to start stops every part started before it, in reverse; {@link #close()} stops them all in reverse.
 * Not thread-safe: the engine's start and stop run on one thread.
 */
public final class Features implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Features.class);

    /** Starts one part (usually a feature's constructor). */
    @FunctionalInterface
    public interface Starter<T> {
        T start() throws ConfigException, IOException;
    }

    private record Started(String name, AutoCloseable part) {
    }

    private final Deque<Started> started = new ArrayDeque<>();

    /**
     * Starts {@code name} with {@code starter} and remembers it for {@link #close()}; when it fails, what was started
     * before is closed in reverse and the failure is rethrown.
     */
    public <T extends AutoCloseable> T start(String name, Starter<T> starter) throws ConfigException, IOException {
        T part;
        try {
            part = starter.start();
        } catch (ConfigException | IOException | RuntimeException | Error e) {
            LOG.error("{} failed to start; stopping the {} parts started before it", name, started.size());
            close();
            throw e;
        }
        started.push(new Started(name, part));
        LOG.debug("{} started", name);
        return part;
    }

    /** Remembers {@code closer} (a resource started by the caller) to be run at {@link #close()}, in reverse order. */
    public void onClose(String name, AutoCloseable closer) {
        started.push(new Started(name, closer));
    }

    /** The names of the started parts, in start order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        started.descendingIterator().forEachRemaining(s -> names.add(s.name()));
        return names;
    }

    /** Closes every started part, last started first; a part failing to close is logged and the others still close. */
    @Override
    public void close() {
        while (!started.isEmpty()) {
            Started s = started.pop();
            try {
                s.part().close();
            } catch (Exception e) {
                LOG.warn("closing {} failed", s.name(), e);
            }
        }
    }
}
