package ascc.bench;

import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor of {@link AgiFloorBench}: a bare FastAGI responder with no framework. A {@link ServerSocket} on 127.0.0.1
 * (free port), one platform thread accepting, one virtual thread per connection that reads the AGI environment with a
 * hand-written line reader (keeping only {@code agi_extension} and {@code agi_callerid}), then writes the engine's
 * command lines for that call from a {@link FloorPlan} computed at start, reading one reply line after each, and
 * closes. No routing, logging, metrics, quoting, timeouts or error handling beyond dropping a broken connection: the
 * least any FastAGI server must do to send these commands, which the engine is measured against.
 *
 * <p>Same stdin protocol as {@link AgiBenchServer}: prints {@code PORT <n>}; {@code active}, {@code routed} (calls that
 * got the whole script), {@code sessions} (connections accepted), {@code quit}.
 */
public final class AgiFloorServer {
    private static final int MAX_LINE = 8192;

    private final FloorPlan plan;
    private final AtomicInteger active = new AtomicInteger();
    private final LongAdder routed = new LongAdder();
    private final LongAdder accepted = new LongAdder();

    private AgiFloorServer(FloorPlan plan) {
        this.plan = plan;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 3 && args.length != 4) {
            System.err.println("usage: AgiFloorServer CONF_DIR [PORT fixed|system [BIND]]   (default: a free port, the benchmarks'"
                + " fixed clock; benchmarks/capacity.sh runs it on the engine's AGI port with the system clock, as the engine;"
                + " with BIND, an address to listen on instead of 127.0.0.1, it serves until killed and reads no stdin:"
                + " capacity.sh's two-box setup spawns it in an engine node's network namespace)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int port = args.length >= 3 ? Integer.parseInt(args[1]) : 0;
        long t = System.nanoTime();
        CenterConfig config = ConfigLoader.load(dir, System.getenv());
        Clock clock = args.length >= 3 && args[2].equals("system") ? Clock.systemUTC()
            : Clock.fixed(AgiBenchServer.FIXED_TIME.toInstant(), AgiBenchServer.FIXED_TIME.getZone());
        AgiFloorServer floor = new AgiFloorServer(new FloorPlan(config, clock));
        System.err.printf("floor server: loaded %s (%d companies) and planned every call in %.0f ms%n", dir,
            config.companies().size(), (System.nanoTime() - t) / 1e6);
        InetAddress bind = args.length == 4 ? InetAddress.getByName(args[3]) : InetAddress.getLoopbackAddress();
        try (ServerSocket ss = new ServerSocket(port, 4096, bind)) {
            Thread acceptor = Thread.ofPlatform().name("floor-acceptor").daemon().start(() -> floor.accept(ss));
            System.out.println("PORT " + ss.getLocalPort());
            System.out.flush();
            if (args.length == 4) {
                acceptor.join(); // until killed
                return;
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit")) {
                switch (line) {
                    case "active" -> System.out.println("ACTIVE " + floor.active.get());
                    case "routed" -> System.out.println("ROUTED " + floor.routed.sum());
                    case "sessions" -> System.out.println("SESSIONS " + floor.accepted.sum());
                    default -> System.out.println("ERROR unknown command '" + line + "' (active, routed, sessions, quit)");
                }
                System.out.flush();
            }
        }
    }

    private void accept(ServerSocket ss) {
        Thread.Builder sessions = Thread.ofVirtual().name("floor-", 0);
        while (!ss.isClosed()) {
            try {
                Socket s = ss.accept();
                active.incrementAndGet();
                accepted.increment();
                sessions.start(() -> serve(s));
            } catch (IOException e) {
                if (!ss.isClosed()) {
                    System.err.println("floor accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            Lines in = new Lines(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String extension = null;
            String caller = "";
            String line;
            while ((line = in.next()) != null && !line.isEmpty()) {
                if (line.startsWith("agi_extension: ")) {
                    extension = line.substring(15);
                } else if (line.startsWith("agi_callerid: ")) {
                    caller = line.substring(14);
                }
            }
            FloorPlan.Script script = extension == null ? null : plan.script(extension);
            if (script == null || !send(script.lines(), caller, in, out)) {
                return;
            }
            if (script.shared()) {
                String reply = in.last;
                String code = reply.substring(reply.indexOf("result=") + 7).split(" ", 2)[0];
                List<FloorPlan.Line> rest = plan.afterCode(code);
                if (rest == null || !send(rest, caller, in, out)) {
                    return;
                }
            }
            routed.increment();
        } catch (IOException | RuntimeException e) {
            System.err.println("floor session failed: " + e);
        } finally {
            active.decrementAndGet();
        }
    }

    /** Writes each line and reads its reply; false when the peer closed or did not answer 200. */
    private static boolean send(List<FloorPlan.Line> lines, String caller, Lines in, OutputStream out) throws IOException {
        for (FloorPlan.Line l : lines) {
            out.write(l.render(caller));
            String reply = in.next();
            if (reply == null || !reply.startsWith("200 ")) {
                return false;
            }
        }
        return true;
    }

    /** Lines ending in \n (a \r before it dropped) from a socket, through one buffer. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buf = new byte[4096];
        private final byte[] line = new byte[MAX_LINE];
        private int pos;
        private int limit;
        String last;

        Lines(InputStream in) {
            this.in = in;
        }

        String next() throws IOException {
            int len = 0;
            while (true) {
                if (pos == limit) {
                    int n = in.read(buf, 0, buf.length);
                    if (n < 0) {
                        return null;
                    }
                    pos = 0;
                    limit = n;
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    break;
                }
                if (len == MAX_LINE) {
                    throw new IOException("line longer than " + MAX_LINE + " bytes");
                }
                line[len++] = b;
            }
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            last = new String(line, 0, len, StandardCharsets.UTF_8);
            return last;
        }
    }
}
