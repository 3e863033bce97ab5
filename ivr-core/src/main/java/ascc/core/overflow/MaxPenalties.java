package ascc.core.overflow;

import ascc.core.ami.AmiAction;
import ascc.routing.config.Agent;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import ascc.routing.config.OverflowConfig;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The AstDB max penalties of desks with a start proficiency (read by the inbound dialplan), written to one box. */
final class MaxPenalties {
    /** Logs as {@link Overflow} (one logger for the whole of overflow). */
    private static final Logger LOG = LoggerFactory.getLogger(Overflow.class);

    private MaxPenalties() {
    }

    /**
     * Clears the family first, so a desk whose start proficiency was removed is offered to every agent again, then puts
     * each desk's; sent without waiting, failures logged.
     */
    static void put(OverflowAmi calls, OverflowConfig now, CenterConfig c) {
        calls.call(AmiAction.of("DBDelTree").with("Family", Overflow.MAX_PENALTY_FAMILY)).whenComplete((r, err) -> {
            if (err != null) {
                LOG.debug("DBDelTree {}: {} (nothing to clear)", Overflow.MAX_PENALTY_FAMILY, err.getMessage());
            }
            for (Map.Entry<String, Integer> e : now.startProficiency().entrySet()) {
                Desk d = c.desks().get(e.getKey());
                if (d == null) {
                    continue;
                }
                calls.call(AmiAction.of("DBPut").with("Family", Overflow.MAX_PENALTY_FAMILY).with("Key", d.queueName())
                        .with("Val", Agent.penaltyFor(e.getValue()))).whenComplete((ok, ex) -> {
                            if (ex != null) {
                                LOG.error("DBPut {}/{} (start proficiency {} of desk {}) failed: {}", Overflow.MAX_PENALTY_FAMILY,
                                        d.queueName(), e.getValue(), d.id(), OverflowAmi.failure(ex).getMessage());
                            }
                        });
            }
        });
    }
}
