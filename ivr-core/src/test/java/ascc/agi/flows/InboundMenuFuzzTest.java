package ascc.agi.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiHangupException;
import ascc.agi.AgiRequest;
import ascc.agi.testing.FakeAgiChannel;
import ascc.routing.config.AfterHours;
import ascc.routing.RouteDecision;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.config.CenterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzzing the inbound flow's DTMF menus (company code, category, inquiry type) with generated key sequences, any
 * dialed number and any hang-up point (fixed seed): the call always ends in exactly one outcome the dialplan knows
 * (routed with a CC_ACTION it handles, or abandoned when the caller hung up), never an exception other than the
 * hang-up, and in a bounded number of commands.
 */
class InboundMenuFuzzTest {
    private static final Set<String> ACTIONS = Set.of(ChannelVars.ACTION_QUEUE, ChannelVars.ACTION_CLOSED,
        ChannelVars.ACTION_VOICEMAIL, ChannelVars.ACTION_HANGUP, ChannelVars.ACTION_FALLBACK);
    private static final Instant MONDAY_10 = LocalDateTime.parse("2026-06-01T10:00").atZone(ZoneId.of("Asia/Seoul")).toInstant();
    private static final Instant SUNDAY_10 = LocalDateTime.parse("2026-06-07T10:00").atZone(ZoneId.of("Asia/Seoul")).toInstant();
    private static CenterConfig config;

    private static synchronized CenterConfig config() throws IOException {
        if (config == null) {
            java.nio.file.Path dir = Files.createTempDirectory("ascc-menu-fuzz");
            dir.toFile().deleteOnExit();
            config = FlowConfig.load(dir);
        }
        return config;
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().withChars("0123456789*#").ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> dialed() {
        return Arbitraries.oneOf(Arbitraries.of(FlowConfig.SHARED, FlowConfig.HANBIT, FlowConfig.SORI),
            Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(20));
    }

    @Property(tries = 2000, seed = "4573101")
    void anyKeysOnAnyNumberEndInExactlyOneKnownOutcome(@ForAll("keys") String keys, @ForAll("dialed") String dialed,
            @ForAll @IntRange(min = 0, max = 60) int hangupAfter, @ForAll boolean hangsUp, @ForAll boolean sunday) throws Exception {
        List<RouteDecision> routed = new ArrayList<>();
        List<String> abandoned = new ArrayList<>();
        List<String> afterHours = new ArrayList<>();
        InboundFlow.Listener listener = new InboundFlow.Listener() {
            @Override
            public void routed(AgiRequest request, RouteDecision decision, Instant at) {
                routed.add(decision);
            }

            @Override
            public void abandoned(AgiRequest request, String step, Instant at) {
                abandoned.add(step);
            }

            @Override
            public void afterHours(AgiRequest request, RouteDecision decision, AfterHours outcome, String number, Instant at) {
                afterHours.add(outcome.id());
            }
        };
        FakeAgiChannel ch = new FakeAgiChannel(FakeAgiChannel.request("inbound", "01012345678", dialed)).pressDigits(keys);
        if (hangsUp) {
            ch.hangupAfter(hangupAfter);
        }
        CenterConfig c = config();
        try {
            new InboundFlow(() -> c, Clock.fixed(sunday ? SUNDAY_10 : MONDAY_10, ZoneOffset.UTC), listener).run(ch);
        } catch (AgiHangupException e) {
            assertTrue(ch.hungUp(), "a hang-up exception only after the caller hung up");
        }
        assertTrue(ch.commands().size() < 200, () -> "unbounded conversation: " + ch.commands().size() + " commands");
        if (ch.hungUp() && routed.isEmpty()) {
            assertTrue(abandoned.size() <= 1, abandoned::toString);
            return;
        }
        assertEquals(1, routed.size(), () -> "routed " + routed + ", abandoned " + abandoned + ", commands " + ch.commands());
        String action = ch.variable(ChannelVars.ACTION);
        assertTrue(action == null || ACTIONS.contains(action), "CC_ACTION the dialplan handles: " + action);
    }
}
