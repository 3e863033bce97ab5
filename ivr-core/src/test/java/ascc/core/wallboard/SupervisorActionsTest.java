package ascc.core.wallboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.flows.AgentControl;
import ascc.core.agents.AgentStateTracker;
import ascc.core.ami.AmiAction;
import ascc.core.ami.AmiMessage;
import ascc.core.config.Conf;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.http.HttpRequestInfo;
import ascc.core.http.HttpResponseSpec;
import ascc.core.overflow.WaitingMoves;
import ascc.core.tracking.TrackedCall;
import ascc.core.web.TestSessions;
import ascc.core.web.WebAudit;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.Desk;
import ascc.testsupport.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Supervisor actions: checked here, written to web_audit before they are done, then done as the feature codes do. */
class SupervisorActionsTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-07T01:00:00Z"));
    private final List<String> done = new ArrayList<>();
    private final List<AmiAction> sent = new ArrayList<>();
    private Database db;
    private CenterConfig center;
    private AgentStatesConfig states;
    private AgentStateTracker tracker;
    private final List<TrackedCall> open = new ArrayList<>();
    private boolean refuseCallback;
    private SupervisorActions actions;

    /** Records what would go to Asterisk. */
    private final AgentControl control = new AgentControl() {
        @Override
        public Result login(String agentId) {
            done.add("login " + agentId);
            return Result.OK;
        }

        @Override
        public Result logout(String agentId) {
            done.add("logout " + agentId);
            return Result.OK;
        }

        @Override
        public Result pause(String agentId, int reasonCode, String reason) {
            done.add("pause " + agentId + " " + reasonCode + " " + reason);
            return Result.OK;
        }

        @Override
        public Result unpause(String agentId) {
            done.add("unpause " + agentId);
            return Result.ALREADY;
        }
    };

    @BeforeEach
    void start() throws Exception {
        Conf conf = Conf.load(Path.of("src/test/resources/it-conf"), Map.of("ASCC_DB_URL", "", "ASCC_DB_USER", "", "ASCC_DB_PASSWORD", ""));
        center = conf.center();
        states = conf.agentStates();
        db = Database.open(DbSettings.embedded(dir.resolve("ascc").toString(), 2));
        tracker = new AgentStateTracker(clock, () -> center, 20, i -> { });
        actions = new SupervisorActions(() -> center, () -> states, control, tracker, a -> {
            sent.add(a);
            return CompletableFuture.completedFuture((AmiMessage) null);
        }, new WebAudit(db.dataSource(), clock), () -> open, new SupervisorActions.Moves() {
            @Override
            public CompletableFuture<Void> move(String uniqueId, Desk target, String dialed, String by) {
                done.add("move " + uniqueId + " to " + target.id() + " via " + dialed + " by " + by);
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Void> callback(String uniqueId, String by) {
                if (refuseCallback) {
                    throw new WaitingMoves.Refused("no callbacks: overflow.yaml has no trunk-dial");
                }
                done.add("callback " + uniqueId + " by " + by);
                return CompletableFuture.completedFuture(null);
            }
        });
    }

    /** An alpha caller (home-appliances, routed to desk appliance) waiting in desk-appliance. */
    private TrackedCall waiting(String uniqueId, String company) {
        Instant at = clock.instant().minusSeconds(40);
        return new TrackedCall("L" + uniqueId, uniqueId, "0700000001", "01055501234", company, "home-appliances", "repair", "appliance",
                "desk-appliance", null, at, at, null, null, null, "test");
    }

    @AfterEach
    void stop() {
        db.close();
    }

    private HttpResponseSpec post(String body, ascc.core.web.WebSession s) {
        return actions.handle(new HttpRequestInfo("POST", "/wallboard/action", Map.of(), Map.of(),
                body.getBytes(StandardCharsets.UTF_8)), s);
    }

    private List<String> audit() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT login, role, action, target, outcome FROM web_audit ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5));
            }
        }
        return out;
    }

    @Test
    void aPauseWithAKnownReasonIsAuditedFirstThenDoneAsTheFeatureCodeDoes() throws Exception {
        int code = states.reasons().keySet().iterator().next();
        HttpResponseSpec r = post("action=pause&agent=2101&reason=" + code, TestSessions.supervisor(null));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("pause 2101 " + code + " " + states.reasons().get(code)), done);
        assertEquals(List.of("kim supervisor pause agent 2101 requested", "kim supervisor pause agent 2101 ok"), audit());
    }

    @Test
    void unknownAgentsReasonsAndActionsAreRefusedBeforeAnythingIsDoneOrAudited() throws Exception {
        assertEquals(400, post("action=pause&agent=9999&reason=1", TestSessions.supervisor(null)).status());
        assertEquals(400, post("action=pause&agent=2101&reason=77", TestSessions.supervisor(null)).status());
        assertEquals(400, post("action=hangup&agent=2101", TestSessions.supervisor(null)).status());
        assertEquals(List.of(), done);
        assertEquals(List.of(), audit());
    }

    @Test
    void listeningNeedsAPhoneAndAnAgentOnACallThenRingsThePhoneIntoChanSpy() throws Exception {
        assertEquals(409, post("action=listen&agent=2101", TestSessions.supervisor(null)).status(), "no phone");
        assertEquals(409, post("action=barge&agent=2101", TestSessions.supervisor("2301")).status(), "not on a call");
        tracker.memberAdded("desk-appliance", "2101", false, null);
        tracker.callConnected("desk-appliance", "2101", 3);
        assertEquals(200, post("action=whisper&agent=2101", TestSessions.supervisor("2301")).status());
        assertEquals(1, sent.size());
        AmiAction a = sent.get(0);
        assertEquals("PJSIP/2301", a.get("Channel"));
        assertEquals("ChanSpy", a.get("Application"));
        assertEquals("PJSIP/2101-,qwE", a.get("Data"));
        assertEquals(List.of("kim supervisor whisper agent 2101 requested", "kim supervisor whisper agent 2101 ok"), audit());
    }

    @Test
    void anActionWhoseAuditRowCannotBeWrittenIsRefusedAndNotDone() throws Exception {
        db.close();
        assertEquals(503, post("action=logout&agent=2101", TestSessions.supervisor(null)).status());
        assertEquals(List.of(), done);
    }

    @Test
    void aWaitingCallerIsMovedOnlyToAKnownDeskThatServesTheCallersCompanyAuditedFirst() throws Exception {
        open.add(waiting("c1", "alpha"));
        assertEquals(409, post("action=move&caller=nobody&desk=digital", TestSessions.supervisor(null)).status(), "not waiting");
        assertEquals(400, post("action=move&caller=c1&desk=nowhere", TestSessions.supervisor(null)).status(), "unknown desk");
        // alpha enrolls home-appliances and pcs: digital (pcs) and the general desk, never care (beauty)
        HttpResponseSpec care = post("action=move&caller=c1&desk=care", TestSessions.supervisor(null));
        assertEquals(400, care.status());
        assertTrue(new String(care.body(), StandardCharsets.UTF_8).contains("serves none of company alpha"));
        assertEquals(List.of(), done);
        assertEquals(List.of(), audit());

        HttpResponseSpec r = post("action=move&caller=c1&desk=digital", TestSessions.supervisor(null));
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("move c1 to digital via 0700000001 by kim"), done);
        assertEquals(List.of("kim supervisor move caller c1 requested", "kim supervisor move caller c1 ok"), audit());
    }

    @Test
    void theDesksACallerMayBeMovedToAreTheirCompanysDesksAndTheGeneralDesk() {
        assertTrue(SupervisorActions.allowedFor(center, "alpha", center.desks().get("digital")));
        assertTrue(SupervisorActions.allowedFor(center, "alpha", center.desks().get("general")));
        assertFalse(SupervisorActions.allowedFor(center, "alpha", center.desks().get("care")));
        assertFalse(SupervisorActions.allowedFor(center, null, center.desks().get("digital")), "no company: the general desk only");
        assertTrue(SupervisorActions.allowedFor(center, null, center.desks().get("general")));
    }

    @Test
    void takingAWaitingCallersCallbackIsAuditedAndARefusalIsAnsweredAndAuditedAsFailed() throws Exception {
        open.add(waiting("c2", "alpha"));
        assertEquals(200, post("action=callback&caller=c2", TestSessions.supervisor(null)).status());
        assertEquals(List.of("callback c2 by kim"), done);
        refuseCallback = true;
        HttpResponseSpec r = post("action=callback&caller=c2", TestSessions.supervisor(null));
        assertEquals(409, r.status());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("trunk-dial"));
        assertEquals(List.of("kim supervisor callback caller c2 requested", "kim supervisor callback caller c2 ok",
                "kim supervisor callback caller c2 requested", "kim supervisor callback caller c2 failed"), audit());
    }

    @Test
    void anAnsweredCallerCannotBeMovedAnyMore() throws Exception {
        TrackedCall w = waiting("c3", "alpha");
        open.add(new TrackedCall(w.linkedId(), w.uniqueId(), w.dialedNumber(), w.callerNumber(), w.companyId(), w.category(),
                w.inquiryType(), w.deskId(), w.queueName(), "2101", w.enteredAt(), w.queuedAt(), clock.instant(), null, null, "test"));
        assertEquals(409, post("action=move&caller=c3&desk=digital", TestSessions.supervisor(null)).status());
        assertEquals(List.of(), audit());
    }

    @Test
    void aListenOnAnAgentRegisteredOnBoxBIsOriginatedThroughBoxBsLink() throws Exception {
        AgentStateTracker boxes = new AgentStateTracker(clock, () -> center, 20, i -> { }, "a");
        Map<String, List<AmiAction>> byBox = Map.of("a", new ArrayList<>(), "b", new ArrayList<>());
        SupervisorActions onBoxes = new SupervisorActions(() -> center, () -> states, control, boxes,
                new WebAudit(db.dataSource(), clock), () -> open, new SupervisorActions.Moves() {
                    @Override
                    public CompletableFuture<Void> move(String uniqueId, Desk target, String dialed, String by) {
                        throw new AssertionError("no move here");
                    }

                    @Override
                    public CompletableFuture<Void> callback(String uniqueId, String by) {
                        throw new AssertionError("no callback here");
                    }
                }, agent -> a -> {
                    byBox.get(boxes.boxOf(agent)).add(a);
                    return CompletableFuture.completedFuture((AmiMessage) null);
                });
        boxes.registered("b", "2102", true);
        boxes.memberAdded("b", "desk-appliance", "2102", false, null);
        boxes.callConnected("b", "desk-appliance", "2102", 3);
        HttpResponseSpec r = onBoxes.handle(new HttpRequestInfo("POST", "/wallboard/action", Map.of(), Map.of(),
                "action=listen&agent=2102".getBytes(StandardCharsets.UTF_8)), TestSessions.supervisor("2301"));
        assertEquals(200, r.status());
        assertEquals(List.of("PJSIP/2102-,qE"), byBox.get("b").stream().map(a -> a.get("Data")).toList());
        assertEquals(List.of(), byBox.get("a"), "nothing through box a");
    }
}
