package ascc.agi.flows;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiRequest;
import ascc.agi.testing.FakeAgiChannel;
import ascc.routing.RouteDecision;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.config.AfterHours;
import ascc.routing.config.CenterConfig;
import ascc.testsupport.fuzz.FuzzTries;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The DTMF menu input of the inbound flow: any keys (0-9, *, #, A-D), timeouts between them, a hang-up after any
 * command, on any company number, open or closed: the flow ends by itself with at most one decision, sets only a
 * CC_ACTION the dialplan handles, and never throws.
 * Fixed seed in the unit suite.
 */
@Tag("fuzz")
@AddLifecycleHook(FuzzTries.class)
class InboundFlowDtmfFuzzTest {
    /** The CC_ACTION values the rendered dialplan handles. */
    private static final Set<String> ACTIONS = Set.of(ChannelVars.ACTION_QUEUE, ChannelVars.ACTION_CLOSED,
            ChannelVars.ACTION_VOICEMAIL, ChannelVars.ACTION_HANGUP, ChannelVars.ACTION_FALLBACK);
    private static final Instant MONDAY_10 = LocalDateTime.parse("2026-06-01T10:00").atZone(ZoneId.of("Asia/Seoul")).toInstant();
    private static final Instant SUNDAY_10 = LocalDateTime.parse("2026-06-07T10:00").atZone(ZoneId.of("Asia/Seoul")).toInstant();
    private static CenterConfig config;

    @BeforeContainer
    static void load() throws IOException {
        config = FlowConfig.load(Files.createTempDirectory("dtmf-fuzz-"));
    }

    @Provide
    Arbitrary<List<String>> keys() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#",
                "A", "D", "timeout"), Arbitraries.strings().withChars("0123456789*#").ofMaxLength(12));
        return key.list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<String> dialed() {
        return Arbitraries.oneOf(Arbitraries.of(FlowConfig.SHARED, FlowConfig.HANBIT, FlowConfig.SORI, "", "s"),
                Arbitraries.strings().numeric().ofMaxLength(12));
    }

    @Property(tries = 1000, seed = "20261206")
    void anyKeysEndTheFlowWithAtMostOneDecision(@ForAll("dialed") String dialed, @ForAll("keys") List<String> keys,
            @ForAll @IntRange(min = -1, max = 40) int hangupAfter, @ForAll boolean sunday) {
        FakeAgiChannel ch = new FakeAgiChannel(FakeAgiChannel.request("inbound", "01012345678", dialed));
        for (String k : keys) {
            if (k.equals("timeout")) {
                ch.timeoutNext();
            } else {
                ch.pressDigits(k);
            }
        }
        if (hangupAfter >= 0) {
            ch.hangupAfter(hangupAfter);
        }
        List<RouteDecision> routed = new ArrayList<>();
        List<String> ends = new ArrayList<>();
        InboundFlow.Listener listener = new InboundFlow.Listener() {
            @Override
            public void routed(AgiRequest request, RouteDecision decision, Instant at) {
                routed.add(decision);
            }

            @Override
            public void abandoned(AgiRequest request, String step, Instant at) {
                ends.add("abandoned " + step);
            }

            @Override
            public void afterHours(AgiRequest request, RouteDecision decision, AfterHours outcome, String number, Instant at) {
                ends.add("after-hours " + outcome.id());
            }
        };
        Clock clock = Clock.fixed(sunday ? SUNDAY_10 : MONDAY_10, ZoneOffset.UTC);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new InboundFlow(() -> config, clock, listener).run(ch),
                () -> "the flow did not end for " + dialed + " " + keys);
        assertTrue(routed.size() <= 1, () -> "more than one decision: " + routed);
        assertTrue(ch.commands().size() < 500, () -> "the flow ran " + ch.commands().size() + " commands");
        String action = ch.variable(ChannelVars.ACTION);
        assertTrue(action == null || ACTIONS.contains(action), () -> "a CC_ACTION the dialplan does not handle: " + action);
    }
}
