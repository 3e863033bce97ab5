package ascc.core.it;

import ascc.core.ami.AmiClient;
import ascc.core.ami.AmiEvent;
import ascc.core.ami.AmiSettings;
import ascc.core.metrics.Metrics;
import ascc.routing.asterisk.Channels;
import ascc.routing.config.AsteriskBox;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Asterisk's own count of the dialer's calls on each box: an AMI session of the test's own per box (the engine's user),
 * following the box's {@code Newchannel} and {@code Hangup} of the originated channels (unique id {@code ascc-att-...},
 * the Originate's channel id) in the box's own order. Per box: the calls up now, the most up at once and how many the
 * box carried. (Across boxes the events of two sessions arrive in no common order: the total is the customers' count,
 * {@link CampaignCustomers#maxConcurrent}.)
 */
final class BoxChannels implements AutoCloseable {
    private static final Duration CONNECT = Duration.ofSeconds(10);

    private final Map<String, AmiClient> links = new LinkedHashMap<>();
    /** Per box: up now, most up at once, carried. */
    private final Map<String, int[]> counts = new TreeMap<>();

    private BoxChannels() {
    }

    /** Connects to every box of {@code boxes} and follows its channels from now on. */
    static BoxChannels watch(List<AsteriskBox> boxes) throws InterruptedException {
        BoxChannels w = new BoxChannels();
        try {
            for (AsteriskBox b : boxes) {
                w.counts.put(b.id(), new int[3]);
                AmiClient c = new AmiClient(AmiSettings.defaults(b.amiHost(), b.amiPort(), b.amiUser(), b.amiSecret()),
                        Clock.systemUTC(), new Metrics(), new Random(), "it-watch-" + b.id()); // threads ami-io-it-watch-a ...
                w.links.put(b.id(), c);
                c.subscribe("it-box-channels", Set.of("Newchannel", "Hangup")::contains, e -> w.on(b.id(), e));
                c.start();
            }
            for (AmiClient c : w.links.values()) {
                c.awaitConnected(CONNECT);
            }
            return w;
        } catch (InterruptedException | RuntimeException e) {
            w.close();
            throw e;
        }
    }

    private synchronized void on(String box, AmiEvent e) {
        if (Channels.attemptIdOf(e.uniqueId()) == null) {
            return;
        }
        int[] c = counts.get(box);
        if (e.is("Newchannel")) {
            c[0]++;
            c[1] = Math.max(c[1], c[0]);
            c[2]++;
        } else if (e.is("Hangup")) {
            c[0]--;
        }
    }

    /** Dialer channels up on {@code box} now. */
    synchronized int up(String box) {
        return counts.get(box)[0];
    }

    /** The most dialer channels up at once on {@code box}. */
    synchronized int max(String box) {
        return counts.get(box)[1];
    }

    /** Dialer channels {@code box} carried. */
    synchronized int carried(String box) {
        return counts.get(box)[2];
    }

    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder();
        counts.forEach((box, c) -> sb.append(sb.isEmpty() ? "" : ", ").append("box ").append(box).append(": ").append(c[2])
                .append(" carried, at most ").append(c[1]).append(" at once, ").append(c[0]).append(" up"));
        return sb.toString();
    }

    @Override
    public void close() {
        links.values().forEach(AmiClient::close);
    }
}
