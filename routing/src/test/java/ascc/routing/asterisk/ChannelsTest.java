package ascc.routing.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ChannelsTest {

    @Test
    void endpointOfAPjsipChannelDropsTheSequenceAfterTheLastDash() {
        assertEquals("1001", Channels.endpointOf("PJSIP/1001-0000001a"));
        assertEquals("agent-7", Channels.endpointOf("PJSIP/agent-7-00000001"));
        assertEquals("ascc-outbound", Channels.endpointOf("PJSIP/ascc-outbound-0000002b"));
    }

    @Test
    void endpointOfAnInterfaceWithoutSequenceIsTheWholeResource() {
        assertEquals("1001", Channels.endpointOf("PJSIP/1001"));
        assertEquals("-x", Channels.endpointOf("PJSIP/-x"), "a leading dash is not a sequence separator");
    }

    @Test
    void endpointOfOtherTechnologiesOrNothingIsEmpty() {
        assertEquals("", Channels.endpointOf("Local/1001@ascc-agents-00000003;1"));
        assertEquals("", Channels.endpointOf("SIP/1001-00000001"));
        assertEquals("", Channels.endpointOf(null));
    }

    @Test
    void agentOfAMemberInterfaceIsThePjsipEndpoint() {
        assertEquals("2101", Channels.agentOfInterface("PJSIP/2101"));
        assertEquals("2101", Channels.agentOfInterface(Channels.pjsip("2101")));
        assertNull(Channels.agentOfInterface("PJSIP/"));
        assertNull(Channels.agentOfInterface("Local/2101@ascc-agents"));
        assertNull(Channels.agentOfInterface(null));
    }

    @Test
    void resourceOfAnyInterfaceIsAfterTheFirstSlash() {
        assertEquals("1001", Channels.resourceOf("PJSIP/1001"));
        assertEquals("1001@ctx/n", Channels.resourceOf("Local/1001@ctx/n"));
        assertNull(Channels.resourceOf("1001"));
        assertNull(Channels.resourceOf(null));
    }

    @Test
    void callbackPlaceholderRoundTripsThroughItsChannelNames() {
        String holder = Channels.callbackPlaceholder("1763.5");
        assertEquals("Local/1763.5@ascc-callback-wait", holder);
        assertEquals("Local/1763.5@ascc-callback-wait/n", Channels.callbackPlaceholderDial("1763.5"));
        assertEquals("1763.5", Channels.callbackIdOf(holder + "-00000001;2"));
        assertEquals("1763.5", Channels.callbackIdOf(holder + "-00000001;1"));
    }

    @Test
    void channelsThatAreNotPlaceholdersHaveNoCallbackId() {
        assertNull(Channels.callbackIdOf("PJSIP/anonymous-1"));
        assertNull(Channels.callbackIdOf("Local/1001@ascc-agents-00000003;1"));
        assertNull(Channels.callbackIdOf(null));
    }

    @Test
    void outboundDialStringNamesTheOutboundEndpointAndTheCarrierUri() {
        assertEquals("PJSIP/ascc-outbound/sip:0105550001@10.0.0.5:5060", Channels.outboundDial("0105550001@10.0.0.5:5060"));
        assertEquals("ascc-outbound", Channels.endpointOf("PJSIP/ascc-outbound-00000001"));
    }

    @Test
    void attemptChannelIdRoundTrips() {
        assertEquals("ascc-att-42", Channels.attemptChannelId("42"));
        assertEquals("42", Channels.attemptIdOf("ascc-att-42"));
        assertNull(Channels.attemptIdOf("1700000000.1"));
        assertNull(Channels.attemptIdOf(null));
    }

    @Test
    void namesDerivedFromContractConstants() {
        assertEquals("desk-appliances", Queues.ofDesk("appliances"));
        assertEquals("101@ascc", Contexts.mailbox("101"));
        assertEquals("__CC_DESK", ChannelVars.inherited(ChannelVars.DESK));
        assertEquals("CB_POS=3", ChannelVars.assign(ChannelVars.CB_POS, 3));
        assertEquals("${CC_QUEUE}", ChannelVars.ref(ChannelVars.QUEUE));
        assertEquals("agi://127.0.0.1:4573/", AgiScripts.baseUrl("127.0.0.1:4573"));
    }
}
