package ascc.core.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy a test can cut: {@link #blackhole()} keeps the connections open but forwards
 * nothing (a silent dead link), {@link #restore()} closes them and forwards new connections again. {@link #forward} makes
 * one on a given address (e.g. the namespace bridge's database address 10.77.0.2:3306 to MariaDB on 127.0.0.1:3306).
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetAddress target;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean blackholed;

    private TcpProxy(InetAddress bind, int port, InetAddress target, int targetPort) throws IOException {
        this.target = target;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(bind, port), 50);
        Thread.ofPlatform().name("tcp-proxy-accept").daemon().start(this::acceptLoop);
    }

    static TcpProxy start(int targetPort) throws IOException {
        return new TcpProxy(InetAddress.getLoopbackAddress(), 0, InetAddress.getLoopbackAddress(), targetPort);
    }

    /** A forwarder listening on {@code bind:port} to {@code target:targetPort}. */
    static TcpProxy forward(InetAddress bind, int port, InetAddress target, int targetPort) throws IOException {
        return new TcpProxy(bind, port, target, targetPort);
    }

    int port() {
        return server.getLocalPort();
    }

    void blackhole() {
        blackholed = true;
    }

    void restore() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
        blackholed = false;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (blackholed) {
                    sockets.add(client); // accepted but never answered
                    continue;
                }
                Socket upstream = new Socket(target, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("tcp proxy: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofPlatform().name("tcp-proxy-pump").daemon().start(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (blackholed) {
                        continue; // swallow: the link is silent
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side closed or restore() cut it: end this direction
            } finally {
                closeQuietly(to);
            }
        });
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a socket that is already gone
        }
    }

    @Override
    public void close() throws IOException {
        restore();
        server.close();
    }
}
