package ascc.core.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.metrics.Metrics;
import ascc.routing.config.AsteriskBox;
import ascc.routing.config.Secret;
import ascc.testsupport.time.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One AMI link per Asterisk box, against two {@link FakeAmiServer}s over loopback TCP. */
class AmiLinksTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T01:00:00Z"), ZoneOffset.UTC);
    private FakeAmiServer a;
    private FakeAmiServer b;
    private AmiLinks links;
    private final Metrics metrics = new Metrics();
    private final Map<String, BooleanSupplier> probes = new LinkedHashMap<>();

    @BeforeEach
    void servers() throws Exception {
        a = new FakeAmiServer();
        b = new FakeAmiServer();
    }

    @AfterEach
    void close() throws Exception {
        if (links != null) {
            links.close();
        }
        a.close();
        b.close();
    }

    private static AsteriskBox box(String id, FakeAmiServer s) {
        return new AsteriskBox(id, "127.0.0.1", s.port(), "engine", Secret.of("s3cret-value"), "127.0.0.1", 10);
    }

    private AmiLinks open(List<AsteriskBox> boxes) {
        links = AmiLinks.open(boxes, x -> AmiSettings.defaults(x.amiHost(), x.amiPort(), x.amiUser(), x.amiSecret())
                .withKeepalive(Duration.ofMillis(200), Duration.ofMillis(1000)).withBackoff(Duration.ofMillis(20), Duration.ofMillis(100))
                .withResponseTimeout(Duration.ofSeconds(2)), CLOCK, metrics);
        links.probes((name, up, why) -> probes.put(name, up));
        return links;
    }

    @Test
    void oneBoxIsTheOneUntaggedLinkWithTheAmiProbe() throws Exception {
        open(List.of(box("default", a))).start();
        links.primary().awaitConnected(WAIT);
        assertEquals(List.of("ami"), List.copyOf(probes.keySet()));
        assertNull(links.primary().box());
        assertTrue(metrics.render().contains("ascc_ami_connected 1"), metrics.render());
    }

    @Test
    void eachBoxHasItsLinkItsProbeAndItsTaggedGaugeAndABoxDownShowsOnlyThere() throws Exception {
        open(List.of(box("seoul-1", a), box("busan-1", b))).start();
        for (AmiClient c : links.byBox().values()) {
            c.awaitConnected(WAIT);
        }
        assertEquals(List.of("ami-seoul-1", "ami-busan-1"), List.copyOf(probes.keySet()));
        assertTrue(metrics.render().contains("ascc_ami_connected{box=\"busan-1\"} 1"), metrics.render());

        b.close(); // box busan-1 goes away
        Await.until(() -> !probes.get("ami-busan-1").getAsBoolean(), WAIT, () -> "busan-1 down: " + metrics.render());
        assertTrue(probes.get("ami-seoul-1").getAsBoolean());
        String m = metrics.render();
        assertTrue(m.contains("ascc_ami_connected{box=\"busan-1\"} 0") && m.contains("ascc_ami_connected{box=\"seoul-1\"} 1"), m);
    }

    @Test
    void eventsCarryTheirBoxAndActionsOnAChannelGoToItsBox() throws Exception {
        open(List.of(box("seoul-1", a), box("busan-1", b)));
        List<AmiEvent> seen = new CopyOnWriteArrayList<>();
        links.subscribeEvery("test", seen::add);
        links.start();
        for (AmiClient c : links.byBox().values()) {
            c.awaitConnected(WAIT);
        }
        b.pushEvent("Event", "Newchannel", "Channel", "PJSIP/trunk-00000001", "Uniqueid", "busan-1-1767225600.1");
        a.pushEvent("Event", "Newchannel", "Channel", "PJSIP/trunk-00000002", "Uniqueid", "seoul-1-1767225600.1");
        Await.until(() -> links.boxOf("PJSIP/trunk-00000002") != null && links.boxOf("PJSIP/trunk-00000001") != null
                && seen.stream().filter(e -> e.is("Newchannel")).count() == 2, WAIT, () -> "both channels seen: " + seen);

        assertEquals("busan-1", seen.stream().filter(e -> "PJSIP/trunk-00000001".equals(e.channel())).findFirst().orElseThrow().box());
        assertSame(links.byBox().get("busan-1"), links.forChannel("PJSIP/trunk-00000001"));
        assertSame(links.byBox().get("seoul-1"), links.forChannel("seoul-1-1767225600.1"));
        assertSame(links.primary(), links.forChannel("PJSIP/unknown-00000009"));

        b.pushEvent("Event", "Hangup", "Channel", "PJSIP/trunk-00000001", "Uniqueid", "busan-1-1767225600.1");
        Await.until(() -> links.boxOf("PJSIP/trunk-00000001") == null, WAIT, () -> "hung-up channel forgotten");
        assertSame(links.primary(), links.forChannel("PJSIP/trunk-00000001"));
    }
}
