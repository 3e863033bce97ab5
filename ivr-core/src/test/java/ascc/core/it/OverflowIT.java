package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.routing.asterisk.Contexts;
import ascc.core.callbacks.CallbackRequest;
import ascc.routing.callbacks.AfterHoursCallbackStatus;
import ascc.testsupport.sip.IncomingCall;
import ascc.testsupport.sip.TestPhone;
import ascc.testsupport.sipp.CustomerCall;
import ascc.testsupport.sipp.Sipp;
import ascc.testsupport.sipp.SippResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Overflow through the real stack (issue #4): both agents of the appliance desk busy on calls (SIPp customers held by
 * the agents' TestPhones); the next caller, already waiting, moves to the backup desk after 4 s; the one after is
 * offered a callback after 9 s, accepts with RFC 4733 DTMF, hangs up, and is called back (a TestPhone stands for the
 * customer's phone behind the trunk) once an agent is free: the agent is connected first, then the customer is called.
 */
class OverflowIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The customer's phone behind the "trunk" (overflow.yaml trunk-dial points here). */
    private static final int CUSTOMER_PORT = 5290;
    /** The partner center's phone behind the "trunk". */
    private static final int PARTNER_PORT = 5291;
    /** The phone of a customer who asked for a callback after hours. */
    private static final int DUE_CUSTOMER_PORT = 5292;
    private final ExecutorService callers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "overflow-it-caller");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @AfterEach
    void stopCallers() throws Exception {
        // calls left waiting or held (e.g. after a failed assertion) must not reach the next test: this test holds the lock
        RealStack.asteriskCli("channel request hangup all");
        callers.shutdownNow();
        callers.awaitTermination(5, TimeUnit.SECONDS);
    }

    static Path confWith(String name, String overflowYaml) throws Exception {
        Path conf = Files.createDirectories(Path.of("target/" + name));
        try (var files = Files.list(RealStack.IT_CONF)) {
            for (Path f : files.toList()) {
                Files.copy(f, conf.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(conf.resolve("overflow.yaml"), overflowYaml);
        return conf;
    }

    private CompletableFuture<SippResult> call(String caller, CustomerCall call, int localPort) {
        return CompletableFuture.supplyAsync(() -> Sipp.builder().scenarioXml("overflow-" + caller, call.toXml())
                .remote("127.0.0.1", 5060).service("0700000001").calls(1).localPort(localPort)
                .timeout(Duration.ofSeconds(150)).run(), callers);
    }

    /** A customer of alpha who keys 1, 1 (appliance desk) and waits on the line until the far end hangs up. */
    private CompletableFuture<SippResult> heldCall(String caller, int localPort) {
        CustomerCall c = CustomerCall.of("11", Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(120))
                .withCaller(caller).withEnding(CustomerCall.Ending.WAIT_FOR_BYE);
        return call(caller, c, localPort);
    }

    private static IncomingCall awaitUp(TestPhone phone, int index) throws InterruptedException {
        FoundationIT.awaitTrue("phone " + phone.user() + " call " + index + " up", () -> phone.calls().size() > index
                && phone.calls().get(index).state() == IncomingCall.State.CONFIRMED);
        return phone.calls().get(index);
    }

    @Test
    void busyDeskOverflowsToTheBackupDeskThenOffersACallbackThatKeepsThePlaceAndConnectsAnAgentFirst() throws Exception {
        Path conf = confWith("it-conf-overflowit", "trunk-dial: PJSIP/customer-trunk/sip:{number}@127.0.0.1:" + CUSTOMER_PORT + "\n"
                + "callback: {attempts: 2, backoff-seconds: 5, ring-seconds: 15, max-wait-seconds: 120}\n"
                + "desks:\n  appliance:\n"
                + "    - {after-seconds: 4, add-agents-of: digital}\n"
                + "    - {after-seconds: 9, offer-callback: true}\n");
        Instant start = Instant.now().minusSeconds(1);
        List<CompletableFuture<SippResult>> running = new ArrayList<>();
        try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(), "it-node"));
             TestPhone expert = RealStack.phone("2101");
             TestPhone junior = RealStack.phone("2102");
             TestPhone backup = RealStack.phone("2201");
             TestPhone customer = TestPhone.start("customer", "unused", "127.0.0.1", 5060, CUSTOMER_PORT)) {
            for (TestPhone p : List.of(expert, junior, backup)) {
                p.setAutoAnswer(Duration.ofMillis(300));
            }
            customer.setAutoAnswer(Duration.ofMillis(500));
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            EngineView tracker = view;
            FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
            FoundationIT.awaitMemberAvailable("desk-appliance", "2102");
            FoundationIT.awaitMemberAvailable("desk-digital", "2201");

            // both agents of the appliance desk busy
            running.add(heldCall("01055501001", 5301));
            running.add(heldCall("01055501002", 5302));
            FoundationIT.awaitTrue("2101 and 2102 on calls", () -> expert.calls().size() == 1 && junior.calls().size() == 1
                    && expert.calls().get(0).state() == IncomingCall.State.CONFIRMED
                    && junior.calls().get(0).state() == IncomingCall.State.CONFIRMED);

            // the next caller waits, then moves to the backup desk after 4 s
            Instant third = Instant.now();
            running.add(heldCall("01055501003", 5303));
            FoundationIT.awaitTrue("the third caller waiting", () -> tracker.waitingIn("desk-appliance").size() == 1);

            // the one after (placed once the third waits, so it is behind it in the queue): offered a callback after 9 s,
            // keys 1 (sent every 1.7 s from about the 7th second of the call to the 23rd), hangs up. It joins the queue about
            // 3 s into the call, so the offer's Read (two rounds of beep + 5 s) listens from about the 12th second: keys
            // until the 23rd still land in it when the offer comes up to 9 s late on a loaded machine.
            StringBuilder digits = new StringBuilder("11,,,,");
            for (int i = 0; i < 10; i++) {
                digits.append("1,");
            }
            CustomerCall accepting = CustomerCall.of(digits.toString(), Duration.ofMillis(1500), Duration.ofMillis(700),
                    Duration.ofSeconds(1)).withCaller("01055507777");
            CompletableFuture<SippResult> fourthCall = call("01055507777", accepting, 5304);

            IncomingCall toBackup = awaitUp(backup, 0);
            assertEquals("appliance", toBackup.header("X-CC-Desk").orElse(""), () -> "headers: " + toBackup.headers());
            assertTrue(toBackup.header("X-CC-Caller").orElse("").endsWith("03"), () -> "the third caller: " + toBackup.headers());
            assertTrue(Duration.between(third, toBackup.receivedAt()).toSeconds() >= 4, "not before the trigger: " + toBackup.describe());

            SippResult fourth = fourthCall.get(90, TimeUnit.SECONDS);
            assertTrue(fourth.allSucceeded(), () -> "the accepting caller's call failed: " + fourth.describe());
            FoundationIT.awaitTrue("callback QUEUED", () -> "QUEUED".equals(callbackStatus("01055507777", start)[0]));
            assertEquals(0, customer.receivedRequests("INVITE"), "no agent free yet: the customer is not called");
            String queue = cli("queue show desk-appliance");
            assertEquals(1, queue.lines().filter(l -> l.contains("@" + Contexts.CALLBACK_WAIT)).count(),
                    () -> "one place holder waiting: " + queue);

            // an agent becomes free: the place holder reaches them first, then the customer is called
            expert.hangup(expert.calls().get(0));
            IncomingCall agentLeg = awaitUp(expert, 1);
            IncomingCall customerLeg = customer.awaitIncoming(WAIT);
            customerLeg.awaitConfirmed(WAIT);
            Instant agentAnswered = agentLeg.answeredAt().orElseThrow();
            assertTrue(!customerLeg.receivedAt().isBefore(agentAnswered),
                    "agent answered " + agentAnswered + ", customer called " + customerLeg.receivedAt());
            assertTrue(customerLeg.requestUri().contains("01055507777"), customerLeg.requestUri());
            assertEquals("appliance", agentLeg.header("X-CC-Desk").orElse(""), () -> "headers: " + agentLeg.headers());
            FoundationIT.awaitTrue("callback CALLING", () -> "CALLING".equals(callbackStatus("01055507777", start)[0]));

            customer.hangup(customerLeg);
            FoundationIT.awaitTrue("callback DONE after 1 attempt", () -> {
                String[] s = callbackStatus("01055507777", start);
                return "DONE".equals(s[0]) && "1".equals(s[1]) && "ANSWER".equals(s[2]);
            });
            FoundationIT.awaitTrue("both steps recorded on the calls", () -> steps("appliance", start).containsAll(
                    List.of("1 add-agents-of digital", "2 offer-callback")));
            assertTrue(tracker.isLoggedIn("2201"));
            FoundationIT.awaitTrue("the accepting caller's record says CALLBACK_REQUESTED",
                    () -> outcomesOf("01055507777", start).contains("CALLBACK_REQUESTED"));
            // the callback attempt's legs (place holder in the queue, the leg that dialed the customer) are not offered calls
            agentLeg.awaitEnded(WAIT);
            // the agent's leg ends last (the customer hung up: the dial leg, then the place holder, then the agent's call): once
            // the engine's tracker shows 2101 off the call and its record writer has nothing pending, every leg's Hangup
            // has been handled and any record it made is in the database
            FoundationIT.awaitTrue("the tracker saw 2101's leg end and the writer flushed", () -> tracker.state("2101")
                    != ascc.core.agents.AgentState.ON_CALL && metric(engine, "ascc_call_records_pending") == 0);
            assertEquals(List.of("CALLBACK_REQUESTED"), outcomesOf("01055507777", start),
                    "exactly one call record for the customer's call (none for the callback legs)");
            // the report counts the steps taken on these calls: step 1 on the moved caller (and the accepting one, who had
            // waited 4 s by then too), step 2 (the offer) on the accepting caller only
            java.time.ZoneId zone = RealStack.config().engine().timeZone();
            List<ascc.routing.report.ReportCall> calls;
            try (ascc.core.db.Database reportDb = ascc.core.db.Database.open(ascc.core.db.DbSettings.mariaDb(RealStack.DB_URL, "ascc",
                    ascc.routing.config.Secret.of("ascc"), 2))) {
                calls = new ascc.core.report.ReportStore(reportDb.dataSource()).calls(start, Instant.now().plusSeconds(1),
                        java.util.Optional.empty(), java.util.Optional.of("appliance"));
            }
            ascc.routing.report.TrafficReport report = ascc.routing.report.TrafficReport.of(calls,
                    java.time.LocalDate.ofInstant(start.plusSeconds(1), zone), zone, 20);
            ascc.routing.report.CallStats desk = report.rows().stream()
                    .filter(r -> r.scope() == ascc.routing.report.TrafficReport.Scope.DESK && "appliance".equals(r.key())
                            && r.hour() == null).findFirst().orElseThrow().stats();
            assertEquals(Integer.valueOf(1), desk.overflowByStep().get(2), () -> "overflow by step: " + desk.overflowByStep());
            assertTrue(desk.overflowByStep().getOrDefault(1, 0) >= 1, () -> "overflow by step: " + desk.overflowByStep());
        } finally {
            for (CompletableFuture<SippResult> f : running) {
                f.cancel(true);
            }
        }
    }

    @Test
    void theCallerWhoMakesTheQueueTwoLongGoesToThePartnerCenterWhileTheFirstKeepsWaiting() throws Exception {
        Path conf = confWith("it-conf-overflowit-partner", "trunk-dial: PJSIP/customer-trunk/sip:{number}@127.0.0.1:" + PARTNER_PORT
                + "\ndesks:\n  appliance:\n    - {queue-length: 2, partner: \"0215550000\"}\n");
        // callbacks an earlier test left open would be taken over by this engine (it gains the overflow lease) and their
        // place holders would wait in desk-appliance beside this test's callers
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("DELETE FROM callback_request")) {
            ps.executeUpdate();
        }
        Instant start = Instant.now().minusSeconds(1);
        List<CompletableFuture<SippResult>> running = new ArrayList<>();
        try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(), "it-node"));
             TestPhone partner = TestPhone.start("partner", "unused", "127.0.0.1", 5060, PARTNER_PORT)) {
            partner.setAutoAnswer(Duration.ofMillis(300));
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            EngineView tracker = view;
            try {
                FoundationIT.awaitTrue("2101 and 2102 logged in", () -> tracker.isLoggedIn("2101") && tracker.isLoggedIn("2102"));
                view.pause("2101", 1, "break");
                view.pause("2102", 1, "break");

                running.add(heldCall("01055502001", 5305));
                FoundationIT.awaitTrue("first caller waiting", () -> tracker.waitingIn("desk-appliance").size() == 1);
                running.add(heldCall("01055502002", 5306));
                IncomingCall toPartner = partner.awaitIncoming(WAIT);
                toPartner.awaitConfirmed(WAIT);
                assertTrue(toPartner.requestUri().contains("0215550000"), toPartner.requestUri());
                // the tracker hears the second caller leave the queue (QueueCallerLeave) a moment after the partner answers
                FoundationIT.awaitTrue("the first caller keeps waiting", () -> tracker.waitingIn("desk-appliance").size() == 1);
                FoundationIT.awaitTrue("partner step recorded once",
                        () -> steps("appliance", start).stream().filter("1 partner 0215550000"::equals).count() == 1);
                partner.hangup(toPartner);
                SippResult moved = running.get(1).get(30, TimeUnit.SECONDS);
                assertTrue(moved.allSucceeded(), () -> "the moved caller's call: " + moved.describe());
                assertEquals(1, partner.receivedRequests("INVITE"));
                FoundationIT.awaitTrue("the moved caller's record says OVERFLOW_PARTNER, not an abandon",
                        () -> outcomesOf("01055502002", start).equals(List.of("OVERFLOW_PARTNER")));
            } finally {
                view.unpause("2101");
                view.unpause("2102");
                running.forEach(f -> f.cancel(true));
            }
        }
    }

    @Test
    void aWidenStepOffersAWaitingCallerToTheDesksJuniorOnlyAfterItsSeconds() throws Exception {
        Path conf = confWith("it-conf-overflowit-widen", "start-proficiency: {appliance: 3}\n"
                + "desks:\n  appliance:\n    - {after-seconds: 5, widen-to-proficiency: 1}\n");
        Instant start = Instant.now().minusSeconds(1);
        List<CompletableFuture<SippResult>> running = new ArrayList<>();
        try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(), "it-node"));
             TestPhone expert = RealStack.phone("2101");
             TestPhone junior = RealStack.phone("2102")) {
            expert.setAutoAnswer(Duration.ofMillis(300));
            junior.setAutoAnswer(Duration.ofMillis(300));
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            EngineView tracker = view;
            try {
                FoundationIT.awaitMemberAvailable("desk-appliance", "2102");
                FoundationIT.awaitTrue("max penalty 2 in AstDB",
                        () -> cli("database get ascc-maxpen desk-appliance").contains("Value: 2"));
                view.pause("2101", 1, "break"); // the expert is away; the junior (proficiency 2) is free

                running.add(heldCall("01055503001", 5307));
                FoundationIT.awaitTrue("caller waiting", () -> tracker.waitingIn("desk-appliance").size() == 1);
                Instant joined = Instant.now();
                IncomingCall toJunior = awaitUp(junior, 0);
                assertTrue(Duration.between(joined, toJunior.receivedAt()).toMillis() >= 3500,
                        "the junior is offered the caller only after the widen step: joined " + joined + ", " + toJunior.describe());
                assertEquals(0, expert.receivedRequests("INVITE"));
                FoundationIT.awaitTrue("widen step recorded",
                        () -> steps("appliance", start).contains("1 widen-to-proficiency 1"));
                junior.hangup(toJunior);
                FoundationIT.awaitTrue("penalty 3 of 2102 restored once the queue is empty",
                        () -> queueLine("desk-appliance", "2102").contains("with penalty 3"));
            } finally {
                view.unpause("2101");
                cli("database deltree ascc-maxpen");
                running.forEach(f -> f.cancel(true));
            }
        }
    }

    @Test
    void anAfterHoursCallbackIsDialedWhenDueWithTheAgentConnectedFirst() throws Exception {
        Path conf = confWith("it-conf-overflowit-due", "trunk-dial: PJSIP/customer-trunk/sip:{number}@127.0.0.1:" + DUE_CUSTOMER_PORT
                + "\n");
        try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(), "it-node"));
             TestPhone expert = RealStack.phone("2101");
             TestPhone junior = RealStack.phone("2102");
             TestPhone customer = TestPhone.start("customer", "unused", "127.0.0.1", 5060, DUE_CUSTOMER_PORT)) {
            expert.setAutoAnswer(Duration.ofMillis(300));
            junior.setAutoAnswer(Duration.ofMillis(300));
            customer.setAutoAnswer(Duration.ofMillis(500));
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
            FoundationIT.awaitMemberAvailable("desk-appliance", "2102");

            String linkedId = "17" + (System.currentTimeMillis() % 100_000_000L) + ".1";
            Instant now = Instant.now();
            RealStack.requestCallback(new CallbackRequest(linkedId, "alpha", "appliance", "desk-appliance", "01055508888",
                    now.minusSeconds(3600), now.plusSeconds(2), AfterHoursCallbackStatus.PENDING));
            IncomingCall customerLeg = customer.awaitIncoming(Duration.ofSeconds(30));
            customerLeg.awaitConfirmed(WAIT);
            assertTrue(customerLeg.requestUri().contains("01055508888"), customerLeg.requestUri());
            IncomingCall agentLeg = expert.calls().isEmpty() ? junior.calls().get(0) : expert.calls().get(0);
            assertTrue(!customerLeg.receivedAt().isBefore(agentLeg.answeredAt().orElseThrow()),
                    "agent " + agentLeg.describe() + ", customer " + customerLeg.describe());
            assertTrue(!customerLeg.receivedAt().isBefore(now.plusSeconds(2)), "not before it was due");
            customer.hangup(customerLeg);
            FoundationIT.awaitTrue("due callback DONE", () -> "DONE".equals(statusOf(linkedId)));
        }
    }

    @Test
    void aCallbackTheCustomerDoesNotTakeIsRetriedAfterTheBackoffAndFinallyRecordedFailed() throws Exception {
        Path conf = confWith("it-conf-overflowit-retry", "trunk-dial: PJSIP/customer-trunk/sip:{number}@127.0.0.1:" + DUE_CUSTOMER_PORT
                + "\ncallback: {attempts: 2, backoff-seconds: 3}\n");
        try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(), "it-node"));
             TestPhone expert = RealStack.phone("2101");
             TestPhone customer = TestPhone.start("customer", "unused", "127.0.0.1", 5060, DUE_CUSTOMER_PORT)) {
            expert.setAutoAnswer(Duration.ofMillis(300));
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            FoundationIT.awaitMemberAvailable("desk-appliance", "2101");
            view.pause("2102", 1, "break");
            try {
                String linkedId = "18" + (System.currentTimeMillis() % 100_000_000L) + ".1";
                Instant now = Instant.now();
                RealStack.requestCallback(new CallbackRequest(linkedId, "alpha", "appliance", "desk-appliance", "01055509876",
                        now.minusSeconds(3600), now.plusSeconds(1), AfterHoursCallbackStatus.PENDING));
                IncomingCall first = customer.awaitIncoming(Duration.ofSeconds(30));
                customer.reject(first, 486);
                FoundationIT.awaitTrue("RETRY after a busy customer", () -> "RETRY".equals(statusOf(linkedId)));
                IncomingCall second = customer.awaitIncoming(WAIT);
                assertTrue(Duration.between(first.receivedAt(), second.receivedAt()).toSeconds() >= 3, "backoff honoured");
                customer.reject(second, 486);
                FoundationIT.awaitTrue("FAILED after 2 attempts", () -> "FAILED".equals(statusOf(linkedId)));
                assertEquals(2, expert.receivedRequests("INVITE"), "an agent was connected before each attempt");
                assertEquals(2, customer.receivedRequests("INVITE"));
            } finally {
                view.unpause("2102");
            }
        }
    }

    @Test
    void withNoAgentFreeAWaitingCallerLeavesAMessageInTheCompanyBox() throws Exception {
        Path conf = confWith("it-conf-overflowit-voicemail", "desks:\n  appliance:\n    - {no-agent: free, voicemail: company}\n");
        Path box = RealStack.ASTERISK_ROOT.resolve("var/spool/asterisk/voicemail/ascc/701/INBOX");
        long before = messages(box);
        Instant start = Instant.now().minusSeconds(1);
        try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(Map.of()), Clock.systemUTC(), "it-node"))) {
            EngineView view = EngineView.of(engine).awaitAmiConnected();
            EngineView tracker = view;
            FoundationIT.awaitTrue("2101 and 2102 logged in", () -> tracker.isLoggedIn("2101") && tracker.isLoggedIn("2102"));
            view.pause("2101", 1, "break");
            view.pause("2102", 1, "break");
            try {
                // joins the queue about 3 s into the call and is sent to voicemail at once; the box's greeting ("the person at
                // extension 7 0 1 is unavailable", the instructions, the beep) lasts about 12 s: speaking and staying 16 s
                // after the keys leaves a message of about 4 s (minsecs 1)
                CustomerCall c = CustomerCall.of("11", Duration.ofMillis(1500), Duration.ofMillis(700), Duration.ofSeconds(16))
                        .withCaller("01055504444").withSpeech(Duration.ofSeconds(16));
                SippResult r = call("01055504444", c, 5308).get(60, TimeUnit.SECONDS);
                assertTrue(r.allSucceeded(), r::describe);
                FoundationIT.awaitTrue("a new message in alpha's box (701)", () -> messages(box) > before);
                FoundationIT.awaitTrue("voicemail step recorded", () -> steps("appliance", start).contains("1 voicemail company"));
                FoundationIT.awaitTrue("the call record says VOICEMAIL",
                        () -> outcomesOf("01055504444", start).equals(List.of("VOICEMAIL")));
            } finally {
                view.unpause("2101");
                view.unpause("2102");
            }
        }
    }

    /** The engine's {@code /metrics} gauge {@code name} summed over its labels, or -1 when it cannot be read. */
    private static double metric(Engine engine, String name) {
        try {
            double sum = 0;
            boolean seen = false;
            for (String line : RealStack.get(engine.httpPort(), "/metrics", "it-admin-token").body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1).trim());
                    seen = true;
                }
            }
            return seen ? sum : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static long messages(Path inbox) {
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        try (var files = Files.list(inbox)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".txt")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    /** Outcomes of the call records of {@code caller} since {@code since} (a callback's own call has the number too). */
    private static List<String> outcomesOf(String caller, Instant since) {
        List<String> out = new ArrayList<>();
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT outcome FROM call_record WHERE caller_number = ? AND entered_at >= ?"
                     + " ORDER BY id")) {
            ps.setString(1, caller);
            ps.setTimestamp(2, Timestamp.valueOf(since.atOffset(ZoneOffset.UTC).toLocalDateTime()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (Exception e) {
            return List.of();
        }
        return out;
    }

    private static String statusOf(String linkedId) {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT status FROM callback_request WHERE linked_id = ?")) {
            ps.setString(1, linkedId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (Exception e) {
            return null;
        }
    }

    private static String cli(String command) {
        try {
            return RealStack.asteriskCli(command);
        } catch (Exception e) {
            return "";
        }
    }

    private static String queueLine(String queue, String agent) {
        for (String line : cli("queue show " + queue).split("\n")) {
            if (line.contains("PJSIP/" + agent + ")") || line.contains("PJSIP/" + agent + " ")) {
                return line;
            }
        }
        return "";
    }

    /** {status, attempts, last_result} of the newest callback to {@code number}, or nulls. */
    static String[] callbackStatus(String number, Instant since) {
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT status, attempts, last_result FROM callback_request"
                     + " WHERE callback_number = ? AND kind = 'OVERFLOW' AND requested_at >= ? ORDER BY id DESC")) {
            ps.setString(1, number);
            ps.setTimestamp(2, Timestamp.valueOf(since.atOffset(ZoneOffset.UTC).toLocalDateTime()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new String[] {rs.getString(1), Integer.toString(rs.getInt(2)), rs.getString(3)} : new String[3];
            }
        } catch (Exception e) {
            return new String[3];
        }
    }

    /** "stepNo action" of the steps recorded for {@code desk} since {@code since}, with a linked id. */
    static List<String> steps(String desk, Instant since) {
        List<String> out = new ArrayList<>();
        try (Connection c = RealStack.db();
             PreparedStatement ps = c.prepareStatement("SELECT step_no, action FROM call_overflow_step WHERE desk_id = ?"
                     + " AND taken_at >= ? AND linked_id IS NOT NULL ORDER BY id")) {
            ps.setString(1, desk);
            ps.setTimestamp(2, Timestamp.valueOf(since.atOffset(ZoneOffset.UTC).toLocalDateTime()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getInt(1) + " " + rs.getString(2));
                }
            }
        } catch (Exception e) {
            return List.of();
        }
        return out;
    }
}
