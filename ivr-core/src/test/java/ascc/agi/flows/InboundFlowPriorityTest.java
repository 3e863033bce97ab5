package ascc.agi.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiRequest;
import ascc.agi.testing.FakeAgiChannel;
import ascc.routing.RecentCallers;
import ascc.routing.RouteDecision;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue priority in the flow: VIP numbers and repeat callers, from memory, handed to the dialplan as CC_QUEUE_PRIO. */
class InboundFlowPriorityTest {
    private static final Instant MONDAY_10 = LocalDateTime.parse("2026-06-01T10:00").atZone(ZoneId.of("Asia/Seoul")).toInstant();

    @TempDir
    Path dir;
    private CenterConfig config;
    private final RecentCallers recent = new RecentCallers();
    private final List<RouteDecision> routed = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        FlowConfig.load(dir);
        replace("engine.yaml", "  general-desk: general\n", "  general-desk: general\n  repeat-caller-days: 7\n");
        replace("companies.yaml", "code: \"102\",", "code: \"102\", vip: [\"01099990000\"],");
        config = ConfigLoader.load(dir, Map.of());
    }

    private void replace(String file, String from, String to) throws Exception {
        String text = Files.readString(dir.resolve(file));
        assertTrue(text.contains(from), file);
        Files.writeString(dir.resolve(file), text.replace(from, to));
    }

    private FakeAgiChannel run(String caller, String inquiryDigit) {
        FakeAgiChannel ch = new FakeAgiChannel(FakeAgiChannel.request("inbound", caller, FlowConfig.SORI)).pressDigits(inquiryDigit);
        new InboundFlow(() -> config, Clock.fixed(MONDAY_10, ZoneOffset.UTC), (AgiRequest r, RouteDecision d, Instant at) -> routed.add(d),
                Prompts.coreOnly(), recent).run(ch);
        return ch;
    }

    @Test
    void vipCallerGetsTheVipPriorityAndTheRuleSaysWhy() {
        FakeAgiChannel ch = run("01099990000", "3");
        assertEquals("10", ch.variable("CC_QUEUE_PRIO"));
        assertEquals(10, routed.get(0).priority());
        assertTrue(routed.get(0).rule().endsWith("; priority 10 (VIP caller of sori)"), routed.get(0).rule());
    }

    @Test
    void repeatFaultReportWithinTheWindowIsRaised() {
        recent.record("01012345678", MONDAY_10.minus(Duration.ofDays(2)), "fault");
        FakeAgiChannel ch = run("01012345678", "1");
        assertEquals("5", ch.variable("CC_QUEUE_PRIO"));
        assertTrue(routed.get(0).rule().contains("; priority 5 (repeat fault report within 7 days"), routed.get(0).rule());
    }

    @Test
    void firstTimeCallerHasNoPriorityVariable() {
        FakeAgiChannel ch = run("01012345678", "1");
        assertNull(ch.variable("CC_QUEUE_PRIO"));
        assertEquals(0, routed.get(0).priority());
    }
}
