package ascc.agi.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ascc.agi.testing.FakeAgiChannel;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.asterisk.ChannelVars;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaitCallbackFlowTest {
    private final List<String> asked = new ArrayList<>();

    private FakeAgiChannel channel() {
        return new FakeAgiChannel(FakeAgiChannel.request(AgiScripts.WAIT_CALLBACK, "01055501234", "1"))
                .presetVariable(ChannelVars.DESK, "appliance").presetVariable(ChannelVars.QUEUE, "desk-appliance");
    }

    @Test
    void aBookedCallbackSetsTheThanksPromptAndTheBookedAction() {
        FakeAgiChannel ch = channel();
        new WaitCallbackFlow((uid, linked, desk, queue, number) -> {
            asked.add(desk + " " + queue + " " + number);
            return Optional.of("queue-thankyou");
        }).run(ch);
        assertEquals(List.of("appliance desk-appliance 01055501234"), asked);
        assertEquals(ChannelVars.ACTION_BOOKED, ch.variable(ChannelVars.ACTION));
        assertEquals("queue-thankyou", ch.variable(ChannelVars.PROMPT));
    }

    @Test
    void notBookedLeavesTheActionEmptySoTheDialplanPutsTheCallerBack() {
        FakeAgiChannel ch = channel();
        new WaitCallbackFlow((uid, linked, desk, queue, number) -> Optional.empty()).run(ch);
        assertNull(ch.variable(ChannelVars.ACTION));
    }
}
