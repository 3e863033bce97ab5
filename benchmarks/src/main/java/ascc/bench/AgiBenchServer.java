package ascc.bench;

import ascc.agi.AgiScript;
import ascc.agi.flows.InboundFlow;
import ascc.core.agi.FastAgiServer;
import ascc.core.agi.FastAgiSettings;
import ascc.core.agi.ScriptResolver;
import ascc.core.metrics.Metrics;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The engine side of {@link AgiLoadBench}, run in its own JVM (like the engine is a different process from Asterisk,
 * and so each side has its own file-descriptor limit): loads the config directory, starts a {@link FastAgiServer} on
 * 127.0.0.1 (free port) with the real {@link InboundFlow} as {@code inbound}, prints {@code PORT <n>}, then answers
 * commands on stdin: {@code active} prints {@code ACTIVE <n>} (sessions open now), {@code routed} prints
 * {@code ROUTED <n>}, {@code quit} or end of input closes the server and exits.
 *
 * <p>The flow's clock is fixed at Wednesday 2026-11-25 10:00 Asia/Seoul (open hours), so the routing decisions do not
 * depend on when the benchmark runs.
 */
public final class AgiBenchServer {
    /** The instant the flow's clock is fixed at. */
    public static final ZonedDateTime FIXED_TIME = ZonedDateTime.of(2026, 11, 25, 10, 0, 0, 0, ZoneId.of("Asia/Seoul"));

    private AgiBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: AgiBenchServer CONF_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        long t = System.nanoTime();
        CenterConfig config = ConfigLoader.load(dir, System.getenv());
        System.err.printf("bench server: loaded %s (%d companies) in %.0f ms%n", dir, config.companies().size(),
            (System.nanoTime() - t) / 1e6);
        Clock clock = Clock.fixed(FIXED_TIME.toInstant(), FIXED_TIME.getZone());
        LongAdder routed = new LongAdder();
        AgiScript inbound = new InboundFlow(() -> config, clock, (req, decision, at) -> routed.increment());
        FastAgiServer server = new FastAgiServer(FastAgiSettings.defaults("127.0.0.1", 0, config.engine().agiAccess()),
            ScriptResolver.of(Map.of("inbound", inbound)), new Metrics(), clock);
        server.start();
        try {
            System.out.println("PORT " + server.port());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                switch (line) {
                    case "active" -> System.out.println("ACTIVE " + server.activeSessions());
                    case "routed" -> System.out.println("ROUTED " + routed.sum());
                    default -> System.out.println("ERROR unknown command '" + line + "' (active, routed, quit)");
                }
                System.out.flush();
            }
        } finally {
            server.close();
        }
    }
}
