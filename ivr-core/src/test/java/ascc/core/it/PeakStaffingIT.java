package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.time.ManualClock;
import ascc.core.Engine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Peak-hour staffing through the real stack: a schedule (10:00-10:01 Seoul time, reached by starting the engine's clock at
 * 09:59:52 and moving it past 10:01) adds digital agent 2201 to the care desk's queue in Asterisk at 10:00 and removes it at
 * 10:01; the care desk's own agent 2301 stays. An engine restarted in the middle of the peak finds the membership it added
 * (marked in the member name) and still removes it at the end; a membership lost while AMI was away is put back after
 * the reconnect.
 */
class PeakStaffingIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String STAFFING = """
            schedules:
              - name: it peak
                desk: care
                agents: ["2201"]
                hours: {daily: "10:00-10:01"}
                on-holidays: true
            """;

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void aPeakScheduleAddsTheBackupAgentAtItsStartAndRemovesItAtItsEndLeavingTheDesksOwnAgent() throws Exception {
        ZoneId zone = RealStack.config().engine().timeZone();
        Instant peakStart = LocalDate.now(zone).atTime(LocalTime.of(10, 0)).atZone(zone).toInstant();
        ManualClock clock = ManualClock.runningFrom(peakStart.minusSeconds(8));
        Path conf = ConfCopy.of("it-conf-staffing", "staffing.yaml", STAFFING);
        try {
            try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), clock, "it-node"))) {
                EngineView view = EngineView.of(engine).awaitAmiConnected();
                FoundationIT.awaitTrue("own agent 2301 logged in to desk-care", () -> member("2301") != null);
                if (clock.instant().isBefore(peakStart.minusSeconds(1))) {
                    assertEquals(null, member("2201"), "no backup agent before 10:00");
                }
                FoundationIT.awaitTrue("backup agent 2201 added to desk-care at 10:00", () -> member("2201") != null);
                assertFalse(clock.instant().isBefore(peakStart), "not before the schedule's start");
                assertTrue(member("2201").contains("Digital Expert [peak]"), member("2201"));
                assertTrue(member("2201").contains("(dynamic)"), member("2201"));
            }
            // a new engine in the middle of the peak: the membership is still in Asterisk, once
            try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), clock, "it-node"))) {
                EngineView view = EngineView.of(engine).awaitAmiConnected();
                FoundationIT.awaitTrue("restarted engine knows 2201 in desk-care",
                        () -> view.membersOf("desk-care").contains("2201"));
                Thread.sleep(1500); // two ticks: nothing is added twice
                assertEquals(1, Arrays.stream(RealStack.asteriskCli("queue show desk-care").split("\n"))
                        .filter(l -> l.contains("PJSIP/2201)")).count());

                clock.advance(Duration.between(clock.instant(), peakStart.plusSeconds(60)));
                FoundationIT.awaitTrue("backup agent 2201 removed from desk-care at 10:01", () -> member("2201") == null);
                assertTrue(member("2301") != null, "the desk's own agent stays");
                assertFalse(view.membersOf("desk-care").contains("2201"));
                assertTrue(view.membersOf("desk-digital").contains("2201"), "2201 keeps its own desk");
            }
        } finally {
            // leave the shared Asterisk as found even when an assertion failed
            RealStack.asteriskCli("queue remove member PJSIP/2201 from desk-care");
        }
    }

    @Test
    void aMembershipLostWhileAmiWasAwayIsRestoredAfterTheReconnectAndStillRemovedAtTheEnd() throws Exception {
        ZoneId zone = RealStack.config().engine().timeZone();
        Instant peakStart = LocalDate.now(zone).atTime(LocalTime.of(10, 0)).atZone(zone).toInstant();
        ManualClock clock = ManualClock.runningFrom(peakStart.plusSeconds(5));
        Path conf = ConfCopy.of("it-conf-staffing", "staffing.yaml", STAFFING);
        try (TcpProxy proxy = TcpProxy.start(RealStack.ASTERISK_AMI_PORT);
             Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of("ASCC_AMI_PORT",
                     Integer.toString(proxy.port()))), clock, "it-node"))) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            FoundationIT.awaitTrue("backup agent 2201 added to desk-care", () -> member("2201") != null);

            proxy.blackhole(); // AMI goes silent: the engine hears nothing of what follows
            RealStack.asteriskCli("queue remove member PJSIP/2201 from desk-care"); // as if Asterisk had restarted
            Thread.sleep(1500);
            assertEquals(null, member("2201"));
            proxy.restore(); // cuts the link: the engine reconnects and resyncs
            FoundationIT.awaitTrue("2201 added again after the AMI reconnect", () -> member("2201") != null);
            assertTrue(member("2201").contains("[peak]"), member("2201"));

            clock.advance(Duration.between(clock.instant(), peakStart.plusSeconds(60)));
            FoundationIT.awaitTrue("backup agent 2201 removed at 10:01", () -> member("2201") == null);
            assertTrue(member("2301") != null, "the desk's own agent stays");
        } finally {
            RealStack.asteriskCli("queue remove member PJSIP/2201 from desk-care");
        }
    }

    @Test
    void aScheduleAddedByReloadTakesEffectAndAnInvalidEditIsRefusedWithTheRunningScheduleKept() throws Exception {
        ZoneId zone = RealStack.config().engine().timeZone();
        Instant peakStart = LocalDate.now(zone).atTime(LocalTime.of(10, 0)).atZone(zone).toInstant();
        ManualClock clock = ManualClock.runningFrom(peakStart.plusSeconds(5));
        Path conf = ConfCopy.of("it-conf-staffing-reload", "staffing.yaml", "schedules: []\n");
        try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), clock, "it-node"))) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            FoundationIT.awaitTrue("own agent 2301 logged in to desk-care", () -> member("2301") != null);
            Thread.sleep(1500); // two ticks without a schedule
            assertEquals(null, member("2201"), "no schedule yet: no backup agent");

            java.nio.file.Files.writeString(conf.resolve("staffing.yaml"), STAFFING);
            EngineView.Reload r = view.reload();
            assertTrue(r.applied(), r.text());
            FoundationIT.awaitTrue("backup agent 2201 added to desk-care by the reloaded schedule", () -> member("2201") != null);

            java.nio.file.Files.writeString(conf.resolve("staffing.yaml"), STAFFING.replace("desk: care", "desk: nowhere"));
            EngineView.Reload bad = view.reload();
            assertFalse(bad.applied(), bad.text());
            assertTrue(bad.text().contains("staffing.yaml:3: schedules[0].desk"), bad.text());
            Thread.sleep(1500);
            assertTrue(member("2201") != null, "the running schedule stays");

            clock.advance(Duration.between(clock.instant(), peakStart.plusSeconds(60)));
            FoundationIT.awaitTrue("backup agent 2201 removed at 10:01", () -> member("2201") == null);
        } finally {
            RealStack.asteriskCli("queue remove member PJSIP/2201 from desk-care");
        }
    }

    /** The {@code queue show desk-care} line of an agent, or null. */
    static String member(String agent) {
        try {
            for (String line : RealStack.asteriskCli("queue show desk-care").split("\n")) {
                if (line.contains("PJSIP/" + agent + ")")) {
                    return line;
                }
            }
            return null;
        } catch (Exception e) {
            return null;
        }
    }
}
