package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.agents.AgentState;
import ascc.routing.asterisk.AgiScripts;
import ascc.routing.asterisk.Contexts;
import ascc.routing.asterisk.FeatureCodes;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FastAGI authentication through the real stack: a crafted raw TCP AGI session without the AGI secret, claiming agent
 * 2101's channel and dialing {@code *12}, gets only the fallback route and one log line, and 2101 stays logged in; the
 * same {@code *12} dialed from 2101's phone goes through Asterisk's rendered dialplan, which carries the secret, and is
 * served.
 */
class AgiAuthIT {

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void aCraftedSessionWithoutTheSecretOnASpoofedAgentChannelGetsOnlyTheFallbackAndTheAgentStaysLoggedIn() throws Exception {
        try (LogCapture log = new LogCapture();
             Engine engine = RealStack.startEngine(Map.of())) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            FoundationIT.awaitTrue("2101 AVAILABLE", () -> view.state("2101") == AgentState.AVAILABLE);
            String memberBefore = queueLine("desk-appliance", "2101");
            assertFalse(memberBefore.isEmpty(), "2101 is a member of desk-appliance");

            int port = RealStack.config().engine().agiPort();
            List<String> commands = craftedSession(port, "PJSIP/2101-0000f00d", FeatureCodes.LOGOUT);
            assertEquals(List.of("SET VARIABLE CC_ACTION \"fallback\"", "SET VARIABLE CC_FALLBACK_REASON \"unauthenticated\""),
                    commands, "the fallback route, nothing else");
            FoundationIT.awaitTrue("one log line", () -> log.contains("reason=unauthenticated"));
            assertTrue(log.contains("id=PJSIP/2101-0000f00d"), "the line names the claimed channel");
            assertFalse(log.contains("agent 2101 feature code *12"), "the feature-code flow never ran");

            assertEquals(AgentState.AVAILABLE, view.state("2101"));
            assertTrue(view.isLoggedIn("2101"));
            String memberAfter = queueLine("desk-appliance", "2101");
            assertTrue(memberAfter.contains("(dynamic)") && !memberAfter.contains("paused"), "still a member in Asterisk, not paused: "
                    + memberAfter);

            // the real phone's *12 runs AGI(agi://...,<secret>) from the rendered dialplan: served
            try {
                assertTrue(dial("2101", FeatureCodes.LOGOUT, 5341).allSucceeded());
                FoundationIT.awaitTrue("2101 logged out by phone", () -> !view.isLoggedIn("2101"));
                assertTrue(log.contains("agent 2101 feature code *12: OK"), "served with the secret");
            } finally {
                assertTrue(dial("2101", FeatureCodes.LOGIN, 5342).allSucceeded());
                FoundationIT.awaitTrue("2101 logged in again", () -> view.isLoggedIn("2101"));
            }
        }
    }

    /** Plays a stranger on the AGI port: an environment without the secret, then 200 to every command until closed. */
    private static List<String> craftedSession(int port, String channel, String exten) throws Exception {
        List<String> commands = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            String env = "agi_network: yes\nagi_network_script: " + AgiScripts.AGENT_FEATURE + "\n"
                    + "agi_request: agi://127.0.0.1:" + port + "/" + AgiScripts.AGENT_FEATURE + "\n"
                    + "agi_channel: " + channel + "\nagi_type: PJSIP\nagi_uniqueid: 1765000000.77\n"
                    + "agi_callerid: 2101\nagi_context: " + Contexts.AGENTS + "\nagi_extension: " + exten + "\n"
                    + "agi_priority: 1\n\n";
            out.write(env.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                out.write("200 result=1\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        return commands;
    }

    private static SippResult dial(String agent, String code, int localPort) throws Exception {
        String password = RealStack.config().agents().get(agent).password().reveal();
        return Sipp.builder().scenarioResource("sipp/agent-feature.xml").remote("127.0.0.1", 5060).service(code)
                .key("agent", agent).auth(agent, password).calls(1).localPort(localPort).timeout(Duration.ofSeconds(30)).run();
    }

    private static String queueLine(String queue, String agent) throws Exception {
        for (String line : RealStack.asteriskCli("queue show " + queue).split("\n")) {
            if (line.contains("PJSIP/" + agent + ")")) {
                return line;
            }
        }
        return "";
    }
}
