package ascc.agi.flows;

import ascc.agi.AgiChannel;
import ascc.agi.AgiRequest;
import ascc.agi.AgiScript;
import ascc.routing.Phones;
import ascc.routing.RouteDecision;
import ascc.routing.Router;
import ascc.routing.config.CenterConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound call flow ({@code agi://host/inbound}): decides where a customer's call goes and hands it
 * back to the dialplan through channel variables.
 *
 * <p>Contract with the rendered dialplan ({@code ascc-inbound}): {@code CC_ACTION} = {@code queue}
 * (with {@code CC_QUEUE}), {@code closed} (with {@code CC_PROMPT}), {@code hangup} or {@code fallback}.
 * Variables prefixed {@code __} are inherited by the agent's channel, where the pre-dial gosub turns them
 * into SIP headers ({@code X-CC-Company}, ...) for the phone's display.
 */
public final class InboundFlow implements AgiScript {
    private static final Logger LOG = LoggerFactory.getLogger(InboundFlow.class);

    /** Prompt played when the center is closed (Asterisk core sound until per-company prompts exist). */
    public static final String CLOSED_PROMPT = "ss-noservice";

    /** Receives each routing decision, e.g. the call tracker. */
    @FunctionalInterface
    public interface Listener {
        void routed(AgiRequest request, RouteDecision decision, Instant at);
    }

    private final Supplier<CenterConfig> config;
    private final Router router;
    private final Clock clock;
    private final Listener listener;

    public InboundFlow(Supplier<CenterConfig> config, Clock clock, Listener listener) {
        this.config = config;
        this.router = new Router(config);
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public void run(AgiChannel ch) {
        AgiRequest req = ch.request();
        String dialed = req.extension();
        String caller = req.callerId();
        Instant now = clock.instant();
        ZonedDateTime at = now.atZone(config.get().engine().timeZone());
        RouteDecision d = router.route(dialed, caller, at);

        // Announce facts to the agent leg first: they are useful on the phone display whatever happens next.
        d.company().ifPresent(c -> ch.setVariable("__CC_COMPANY", c.id()));
        d.category().ifPresent(c -> ch.setVariable("__CC_CATEGORY", c.id()));
        ch.setVariable("__CC_DESK", d.desk().id());
        ch.setVariable("__CC_CALLER_MASKED", Phones.mask(caller));

        // Record before handing back: the queue's AMI events may follow right after the AGI ends.
        listener.routed(req, d, now);

        switch (d.action()) {
            case CLOSED -> {
                ch.setVariable("CC_PROMPT", CLOSED_PROMPT);
                ch.setVariable("CC_ACTION", "closed");
            }
            case QUEUE, FALLBACK -> {
                ch.setVariable("CC_QUEUE", d.queueName());
                ch.setVariable("CC_ACTION", "queue");
            }
            default -> ch.setVariable("CC_ACTION", "fallback");
        }
        LOG.info("call {} from {} to {}: {} -> {} ({})", req.linkedId(), Phones.mask(caller), dialed, d.action(),
                d.queueName(), d.rule());
    }
}
