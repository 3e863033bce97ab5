package ascc.routing.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Callback requests that come from outside a call ({@code overflow.yaml} {@code web-callbacks:}): {@code POST /api/callbacks}
 * from a channel integration (web form, SMS or e-mail gateway) with its own token, and the public form per company.
 *
 * @param integrations who may post, each with the SHA-256 of its token and the channel its requests are counted under
 * @param priority queue priority of these callbacks' place holders (Asterisk {@code QUEUE_PRIO}; calls have 0, VIP more)
 * @param mergeWindow a request for the same company and number within this of an open one merges into it
 * @param formSecret signs the public form's tokens (HMAC-SHA256); empty: no public form
 * @param formPerMinute form posts (and API posts) one client address may make per minute
 */
public record WebCallbacks(List<Integration> integrations, int priority, Duration mergeWindow, Secret formSecret, int formPerMinute) {
    public static final WebCallbacks NONE = new WebCallbacks(List.of(), 0, Duration.ofMinutes(30), Secret.of(""), 5);
    /** The channel of requests from the public form. */
    public static final String FORM_CHANNEL = "web";

    /**
     * One integration.
     *
     * @param name for logs and the report, e.g. {@code sms-gateway}
     * @param channel what its requests count under: {@code web}, {@code sms} or {@code email}
     * @param token the SHA-256 of its bearer token
     */
    public record Integration(String name, String channel, TokenHash token) {
        public static final List<String> CHANNELS = List.of("web", "sms", "email");

        public Integration {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(token, "token");
            if (!CHANNELS.contains(channel)) {
                throw new IllegalArgumentException("integration " + name + ": channel '" + channel + "' (allowed: " + CHANNELS + ")");
            }
        }
    }

    public WebCallbacks {
        integrations = List.copyOf(integrations);
        Objects.requireNonNull(mergeWindow, "mergeWindow");
        Objects.requireNonNull(formSecret, "formSecret");
        if (priority < 0 || formPerMinute < 1) {
            throw new IllegalArgumentException("web-callbacks out of range: priority=" + priority + ", form-per-minute=" + formPerMinute);
        }
    }

    /** True when the public form is served (a form secret is set). */
    public boolean formEnabled() {
        return !formSecret.isEmpty();
    }
}
