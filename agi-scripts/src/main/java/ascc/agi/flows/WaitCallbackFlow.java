package ascc.agi.flows;

import ascc.agi.AgiChannel;
import ascc.agi.AgiRequest;
import ascc.agi.AgiScript;
import ascc.routing.Phones;
import ascc.routing.asterisk.ChannelVars;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A waiting caller pressed the callback key ({@code agi://host/wait-callback} from the {@code ascc-wait-keys} context,
 * which Asterisk's queue left to on the key). The {@link Booker} books a callback that keeps the caller's place; only once
 * it is journaled does the flow set {@code CC_ACTION=booked} and the thank-you prompt, which the dialplan plays before
 * hanging up. Not booked (the desk has no callback key, the number cannot be called back, the journal refused): the
 * dialplan puts the caller back at their place.
 */
public final class WaitCallbackFlow implements AgiScript {
    private static final Logger LOG = LoggerFactory.getLogger(WaitCallbackFlow.class);

    /** Books the callback of the caller waiting on a channel. */
    @FunctionalInterface
    public interface Booker {
        /**
         * Books a callback for the waiting caller; the prompt to play when it is booked (journaled), empty when it is not.
         *
         * @param uniqueId the caller's channel
         * @param linkedId their call
         * @param deskId the desk they wait for ({@code CC_DESK}), may be empty
         * @param queue the queue they waited in ({@code CC_QUEUE}), may be empty
         * @param number the number to call back (the caller id)
         */
        Optional<String> book(String uniqueId, String linkedId, String deskId, String queue, String number);
    }

    private final Booker booker;

    public WaitCallbackFlow(Booker booker) {
        this.booker = Objects.requireNonNull(booker, "booker");
    }

    @Override
    public void run(AgiChannel ch) {
        AgiRequest req = ch.request();
        String desk = Objects.requireNonNullElse(ch.getVariable(ChannelVars.DESK), "");
        String queue = Objects.requireNonNullElse(ch.getVariable(ChannelVars.QUEUE), "");
        Optional<String> prompt = booker.book(req.uniqueId(), req.linkedId(), desk, queue, req.callerId());
        if (prompt.isEmpty()) {
            LOG.info("caller {} ({}) pressed the callback key in {}: not booked, back to their place", req.uniqueId(),
                    Phones.mask(req.callerId()), queue);
            return;
        }
        SequencedMap<String, String> vars = new LinkedHashMap<>();
        vars.put(ChannelVars.PROMPT, prompt.get());
        vars.put(ChannelVars.ACTION, ChannelVars.ACTION_BOOKED);
        ch.setVariables(vars);
    }
}
