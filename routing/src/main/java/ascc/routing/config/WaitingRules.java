package ascc.routing.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What waiting callers hear and may do ({@code overflow.yaml} {@code waiting:}): their position and the engine's estimated
 * wait ({@link ascc.routing.waiting.WaitModel}) when they enter the queue and every {@code announceEverySeconds}, and
 * the callback key ({@link ascc.routing.asterisk.Queues#WAIT_CALLBACK_KEY}) that books a callback keeping their place.
 *
 * @param defaults the settings of every desk not listed in {@code desks}
 * @param desks desk id to its own settings
 */
public record WaitingRules(Settings defaults, Map<String, Settings> desks) {
    /** No announcements, no callback key (no {@code waiting:} section). */
    public static final WaitingRules NONE = new WaitingRules(Settings.OFF, Map.of());

    /**
     * One desk's settings.
     *
     * @param enabled false: the desk's callers hear nothing and the key does nothing
     * @param announceEverySeconds seconds between two announcements after the one at entry; 0: only at entry
     * @param defaultHandleSeconds the handle time the wait model assumes while the desk has no recent answered call
     * @param callbackKey true: the key books a callback that keeps the caller's place
     */
    public record Settings(boolean enabled, int announceEverySeconds, int defaultHandleSeconds, boolean callbackKey) {
        public static final Settings OFF = new Settings(false, 60, 180, false);
        public static final Settings ON = new Settings(true, 60, 180, true);

        public Settings {
            if (announceEverySeconds < 0 || defaultHandleSeconds < 1) {
                throw new IllegalArgumentException("waiting settings out of range: announce-every-seconds=" + announceEverySeconds
                        + ", default-handle-seconds=" + defaultHandleSeconds);
            }
        }
    }

    public WaitingRules {
        Objects.requireNonNull(defaults, "defaults");
        desks = Collections.unmodifiableMap(new LinkedHashMap<>(desks));
    }

    /** The settings of {@code deskId}. */
    public Settings forDesk(String deskId) {
        return desks.getOrDefault(deskId, defaults);
    }
}
