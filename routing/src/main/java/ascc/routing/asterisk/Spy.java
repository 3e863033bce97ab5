package ascc.routing.asterisk;

import java.util.Locale;
import java.util.Optional;

/**
 * A supervisor joining an agent's call from their own SIP phone: the engine originates the supervisor's phone straight
 * into the {@code ChanSpy} application on the agent's channel, with the options of the mode. Options: {@code q} no beep
 * or name announcement, {@code E} end when the spied channel hangs up, {@code w} whisper (the agent hears the supervisor,
 * the customer does not), {@code B} barge (both hear the supervisor).
 */
public final class Spy {
    /** The Asterisk application. */
    public static final String APPLICATION = "ChanSpy";

    /** How the supervisor joins. */
    public enum Mode {
        /** Hear both sides, say nothing. */
        LISTEN("qE"),
        /** Talk to the agent only. */
        WHISPER("qwE"),
        /** Talk to both. */
        BARGE("qBE");

        private final String options;

        Mode(String options) {
            this.options = options;
        }

        public String options() {
            return options;
        }

        /** {@code listen} for {@link #LISTEN}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Mode> ofKey(String key) {
            for (Mode m : values()) {
                if (m.key().equals(key)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    private Spy() {
    }

    /**
     * The application data: the agent's channels only ({@code PJSIP/2101-}: the dash keeps {@code 21010} out) and the
     * mode's options.
     */
    public static String data(String agentId, Mode mode) {
        return Channels.pjsip(agentId) + "-," + mode.options();
    }
}
