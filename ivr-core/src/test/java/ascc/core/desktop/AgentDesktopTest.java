package ascc.core.desktop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.flows.AgentControl;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiMessage;
import ascc.core.calls.CallRecord;
import ascc.core.calls.CallRecordStore;
import ascc.core.db.Database;
import ascc.core.db.DbSettings;
import ascc.core.durable.DurableWriter;
import ascc.core.metrics.Metrics;
import ascc.core.tracking.TrackedCall;
import ascc.routing.calls.CallOutcome;
import ascc.routing.config.AgentStatesConfig;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigFixture;
import ascc.testsupport.time.Await;
import ascc.testsupport.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent desktop's engine side: screen pops from AMI queue events, dispositions on the durable path, state buttons. */
class AgentDesktopTest {
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");
    private static final String CALLER = "01012345678";

    @TempDir
    Path dir;
    private Database db;
    private DurableWriter<CallDisposition> writer;
    private AgentDesktop desktop;
    private final ManualClock clock = new ManualClock(T0);
    private final Map<String, TrackedCall> calls = new HashMap<>();
    private final List<ScreenPop> published = new ArrayList<>();
    private final List<String> control = new ArrayList<>();
    private CenterConfig cfg;

    @BeforeEach
    void start() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        cfg = ConfigFixture.in(conf).write("desks.yaml", """
                desks:
                  - id: appliance
                    name: Appliances
                    categories: [home-appliances]
                    dispositions:
                      - {code: solved, label: Solved on the phone}
                      - {code: repair, label: Repair case opened}
                  - id: digital
                    name: Digital
                    categories: [pcs]
                  - id: general
                    name: General
                """).load();
        db = Database.open(DbSettings.embedded(dir.resolve("db/ascc").toString(), 4));
        writer = Dispositions.writer(new DispositionStore(db.dataSource())::upsert, dir.resolve("spool"), new Metrics(), clock);
        desktop = new AgentDesktop(() -> cfg, id -> Optional.ofNullable(calls.get(id)), new CallHistoryStore(db.dataSource()),
                (company, number) -> List.of(
                        new RepairCases.RepairCase("R-7", "hanbit", "AT_PARTNER", T0.minusSeconds(86_400), "humidifier")),
                writer, new FakeControl(), () -> AgentStatesConfig.defaults(), clock, Runnable::run);
        desktop.onPop(published::add);
    }

    @AfterEach
    void stop() {
        writer.close(Duration.ofSeconds(5));
        db.close();
    }

    private static AmiEvent event(String... kv) {
        AmiMessage m = AmiMessage.of(kv);
        return new AmiEvent(m.get("Event"), m, T0);
    }

    private void tracked(String linkedId, String company) {
        calls.put(linkedId, new TrackedCall(linkedId, linkedId, "0215880001", CALLER, company, "home-appliances", "repair", "appliance",
                "desk-appliance", null, T0, T0, null, null, null, "company by number"));
    }

    private void ring(String agent, String linkedId) {
        desktop.onEvent(event("Event", "AgentCalled", "Queue", "desk-appliance", "Interface", "PJSIP/" + agent, "Linkedid", linkedId,
                "Uniqueid", linkedId, "CallerIDNum", CALLER));
    }

    @Test
    void ringingPhonePopsTheCallsCompanyCategoryInquiryMaskedNumberHistoryFollowUpsAndRepairCases() throws Exception {
        new CallRecordStore(db.dataSource()).upsert(List.of(new CallRecord("old-1", "old-1", "hanbit", "home-appliances", "repair",
                "appliance", "desk-appliance", "2101", "0215880001", CALLER, T0.minusSeconds(7 * 86_400), null,
                T0.minusSeconds(7 * 86_400 - 60), 5_000L, 50_000L, CallOutcome.ANSWERED, "r", "n1")));
        new DispositionStore(db.dataSource()).upsert(List.of(new CallDisposition("old-1", "hanbit", "appliance", "2101", "repair",
                "sent to partner", T0.minusSeconds(7 * 86_400))));
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO callback_request (linked_id, company_id, desk_id, callback_number,"
                     + " requested_at, due_at, status, updated_at, reason, related_linked_id) VALUES ('fu-1', 'hanbit', 'general', ?,"
                     + " '2026-11-20 01:00:00', '2026-11-21 01:00:00', 'PENDING', '2026-11-20 01:00:00', 'happy-call score 1', 'old-1')")) {
            ps.setString(1, CALLER);
            ps.executeUpdate();
        }
        tracked("call-1", "hanbit");
        ring("2101", "call-1");

        ScreenPop pop = desktop.current("2101").orElseThrow();
        assertEquals(List.of(pop), published);
        assertEquals(ScreenPop.State.RINGING, pop.state());
        assertEquals("hanbit", pop.companyId());
        assertEquals("Hanbit Electric", pop.companyName());
        assertEquals("home-appliances", pop.category());
        assertEquals("repair", pop.inquiryType());
        assertEquals("appliance", pop.deskId());
        assertFalse(pop.maskedNumber().contains("12345678"), pop.maskedNumber());
        assertFalse(pop.toJson().contains(CALLER), pop.toJson());
        assertEquals(List.of("solved", "repair"), pop.dispositions().stream().map(d -> d.code()).toList());
        assertEquals(1, pop.history().size());
        assertEquals("repair", pop.history().get(0).disposition());
        assertEquals("ANSWERED", pop.history().get(0).outcome());
        assertEquals(1, pop.followUps().size());
        assertEquals("happy-call score 1", pop.followUps().get(0).reason());
        assertEquals("R-7", pop.repairs().get(0).id());
        assertTrue(desktop.current("2102").isEmpty(), "another agent's desktop stays empty");
    }

    @Test
    void popFollowsTheCallConnectedThenEndedAndGoesWhenTheRingMovesToAnotherPhone() {
        tracked("call-1", "hanbit");
        ring("2101", "call-1");
        desktop.onEvent(event("Event", "AgentRingNoAnswer", "Queue", "desk-appliance", "Interface", "PJSIP/2101", "Linkedid", "call-1"));
        assertTrue(desktop.current("2101").isEmpty());
        ring("2102", "call-1");
        desktop.onEvent(event("Event", "AgentConnect", "Queue", "desk-appliance", "Interface", "PJSIP/2102", "Linkedid", "call-1"));
        assertEquals(ScreenPop.State.CONNECTED, desktop.current("2102").orElseThrow().state());
        desktop.onEvent(event("Event", "Hangup", "Linkedid", "call-1", "Uniqueid", "call-1"));
        assertEquals(ScreenPop.State.ENDED, desktop.current("2102").orElseThrow().state(), "stays for the disposition");
        assertEquals(List.of("2101:RINGING", "2101:ENDED", "2102:RINGING", "2102:CONNECTED", "2102:ENDED"),
                published.stream().map(p -> p.agentId() + ":" + p.state()).toList());
    }

    @Test
    void dispositionOfACallOfferedToTheAgentIsJournaledAndStoredAndOthersAreRefused() throws Exception {
        tracked("call-1", "hanbit");
        ring("2101", "call-1");
        assertEquals(AgentDesktop.SaveResult.NOT_YOUR_CALL, desktop.saveDisposition("2102", "call-1", "solved", "x"));
        assertEquals(AgentDesktop.SaveResult.NOT_YOUR_CALL, desktop.saveDisposition("2101", "call-9", "solved", "x"));
        assertEquals(AgentDesktop.SaveResult.UNKNOWN_CODE, desktop.saveDisposition("2101", "call-1", "remote", "x"));
        assertEquals(AgentDesktop.SaveResult.NOTE_TOO_LONG, desktop.saveDisposition("2101", "call-1", "solved", "x".repeat(1001)));
        assertEquals(AgentDesktop.SaveResult.SAVED, desktop.saveDisposition("2101", "call-1", "solved", "  reset the filter  "));
        DispositionStore store = new DispositionStore(db.dataSource());
        Await.until(() -> {
            try {
                return store.find("call-1").isPresent();
            } catch (java.sql.SQLException e) {
                return false;
            }
        }, Duration.ofSeconds(10), () -> "disposition of call-1 stored");
        CallDisposition d = store.find("call-1").orElseThrow();
        assertEquals(new CallDisposition("call-1", "hanbit", "appliance", "2101", "solved", "reset the filter", T0), d);
        assertEquals(AgentDesktop.SaveResult.SAVED, desktop.saveDisposition("2101", "call-1", "repair", ""));
        Await.until(() -> {
            try {
                return store.find("call-1").orElseThrow().code().equals("repair");
            } catch (java.sql.SQLException e) {
                return false;
            }
        }, Duration.ofSeconds(10), () -> "second save replaced the first");
    }

    @Test
    void stateButtonsDoWhatTheFeatureCodesDo() {
        assertEquals(AgentControl.Result.OK, desktop.available("2101"), "logged out: logs in");
        assertEquals(Optional.of(AgentControl.Result.OK), desktop.pause("2101", 1));
        assertEquals(Optional.empty(), desktop.pause("2101", 42), "unknown reason code");
        assertEquals(AgentControl.Result.OK, desktop.available("2101"), "logged in: unpauses");
        assertEquals(AgentControl.Result.OK, desktop.logout("2101"));
        assertEquals(List.of("login 2101", "pause 2101 1 break", "login 2101", "unpause 2101", "logout 2101"), control);
    }

    @Test
    void pagesServeOnlyTheSessionsAgentsPopAndRefuseAnotherAgentsCall() throws Exception {
        tracked("call-1", "hanbit");
        ring("2101", "call-1");
        DesktopPages pages = new DesktopPages(desktop, new ascc.core.agents.AgentStateTracker(clock, () -> cfg, 20, i -> { }));
        ascc.core.web.Sessions sessions = new ascc.core.web.Sessions(clock, () -> ascc.routing.config.WebConfig.NONE);
        ascc.core.web.WebSession owner = sessions.create(new ascc.core.web.Principal("a1", ascc.routing.config.WebConfig.Role.AGENT,
                "A1", null, "2101", null));
        ascc.core.web.WebSession other = sessions.create(new ascc.core.web.Principal("a2", ascc.routing.config.WebConfig.Role.AGENT,
                "A2", null, "2102", null));
        String mine = new String(pages.popJson(get("/agent/pop.json", ""), owner).body(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(mine.contains("\"call\":\"call-1\""), mine);
        assertEquals("{}", new String(pages.popJson(get("/agent/pop.json", ""), other).body(), java.nio.charset.StandardCharsets.UTF_8));
        String guess = "call=call-1&code=solved&note=x";
        assertEquals(404, pages.disposition(get("/agent/disposition", guess), other).status(), "another agent's call");
        assertEquals(400, pages.disposition(get("/agent/disposition", "call=call-1&code=nope"), owner).status());
        assertEquals(200, pages.disposition(get("/agent/disposition", guess), owner).status());
        assertEquals(400, pages.state(get("/agent/state", "state=pause&reason=42"), owner).status(), "unknown reason");
        assertEquals(200, pages.state(get("/agent/state", "state=pause&reason=1"), owner).status());
        assertEquals(List.of("pause 2101 1 break"), control, "the session's agent, never one from the request");
    }

    private static ascc.core.http.HttpRequestInfo get(String path, String form) {
        return new ascc.core.http.HttpRequestInfo("POST", path, Map.of(), Map.of("content-type", "application/x-www-form-urlencoded"),
                form.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Records what the buttons asked; login answers ALREADY once the agent is in. */
    private final class FakeControl implements AgentControl {
        private boolean in;

        @Override
        public Result login(String agentId) {
            control.add("login " + agentId);
            Result r = in ? Result.ALREADY : Result.OK;
            in = true;
            return r;
        }

        @Override
        public Result logout(String agentId) {
            control.add("logout " + agentId);
            in = false;
            return Result.OK;
        }

        @Override
        public Result pause(String agentId, int reasonCode, String reason) {
            control.add("pause " + agentId + " " + reasonCode + " " + reason);
            return Result.OK;
        }

        @Override
        public Result unpause(String agentId) {
            control.add("unpause " + agentId);
            return Result.OK;
        }
    }
}
