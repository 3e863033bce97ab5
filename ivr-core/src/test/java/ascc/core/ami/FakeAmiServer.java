package ascc.core.ami;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A hand-written AMI server speaking enough of the protocol for the client tests: banner, Login (success or
 * "Authentication failed"), FullyBooted after login, Ping/Pong, Logoff/Goodbye, scripted actions and events,
 * going silent and dropping connections. One platform thread per connection; test use only.
 */
final class FakeAmiServer implements AutoCloseable {
    /** One client connection. */
    final class Conn {
        final Socket socket;
        volatile boolean silent;

        Conn(Socket socket) {
            this.socket = socket;
        }

        synchronized void sendRaw(String raw) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(raw.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the client went away; the reader thread notices and ends
                errors.add(e);
            }
        }

        void send(String... keysAndValues) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                sb.append(keysAndValues[i]).append(": ").append(keysAndValues[i + 1]).append("\r\n");
            }
            sendRaw(sb.append("\r\n").toString());
        }

        /** A response to {@code request} (its ActionID) with {@code Response: response} and more lines. */
        void reply(AmiMessage request, String response, String... more) {
            String[] kv = new String[4 + more.length];
            kv[0] = "Response";
            kv[1] = response;
            kv[2] = "ActionID";
            kv[3] = request.actionId();
            System.arraycopy(more, 0, kv, 4, more.length);
            send(kv);
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                errors.add(e);
            }
        }

        private void serve() {
            sendRaw("Asterisk Call Manager/11.0.0\r\n");
            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                List<AmiMessage.Field> fields = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    if (!line.isEmpty()) {
                        fields.add(AmiDecoder.parse(line));
                        continue;
                    }
                    if (fields.isEmpty()) {
                        continue;
                    }
                    AmiMessage m = new AmiMessage(fields);
                    fields = new ArrayList<>();
                    received.add(m);
                    if (!silent) {
                        handle(m);
                    }
                }
            } catch (SocketException e) {
                // closed by the test (dropAll) or reset by the client: normal end of this connection
                return;
            } catch (IOException e) {
                errors.add(e);
            }
        }

        private void handle(AmiMessage m) {
            String action = m.get("Action").toLowerCase(Locale.ROOT);
            switch (action) {
                case "login" -> {
                    logins.incrementAndGet();
                    if (loginAnswer != null) {
                        reply(m, "Error", "Message", loginAnswer);
                    } else if (user.equals(m.get("Username")) && secret.equals(m.get("Secret"))) {
                        reply(m, "Success", "Message", "Authentication accepted");
                        if (fullyBootedAfterLogin) {
                            send("Event", "FullyBooted", "Privilege", "system,all", "Uptime", "15", "LastReload", "15",
                                "Status", "Fully Booted");
                        }
                    } else {
                        reply(m, "Error", "Message", "Authentication failed");
                    }
                }
                case "ping" -> {
                    pings.incrementAndGet();
                    reply(m, "Success", "Ping", "Pong", "Timestamp", "1700000000.000000");
                }
                case "logoff" -> {
                    reply(m, "Goodbye", "Message", "Thanks for all the fish.");
                    close();
                }
                default -> {
                    BiConsumer<Conn, AmiMessage> h = handlers.get(action);
                    if (h != null) {
                        h.accept(this, m);
                    } else {
                        reply(m, "Error", "Message", "Invalid/unknown command");
                    }
                }
            }
        }
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Map<String, BiConsumer<Conn, AmiMessage>> handlers = new ConcurrentHashMap<>();
    final BlockingQueue<AmiMessage> received = new LinkedBlockingQueue<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger logins = new AtomicInteger();
    final AtomicInteger pings = new AtomicInteger();
    volatile String user = "engine";
    volatile String secret = "s3cret-value";
    /** When set, every Login is answered with this error message (a peer that is not the expected manager). */
    volatile String loginAnswer;
    volatile boolean fullyBootedAfterLogin = true;

    FakeAmiServer() throws IOException {
        this(0);
    }

    FakeAmiServer(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        acceptor = new Thread(this::accept, "fake-ami-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Handles {@code action} (case-insensitive) with {@code handler} instead of "Invalid/unknown command". */
    void on(String action, BiConsumer<Conn, AmiMessage> handler) {
        handlers.put(action.toLowerCase(Locale.ROOT), handler);
    }

    /** Sends an event to every open connection. */
    void pushEvent(String... keysAndValues) {
        for (Conn c : conns) {
            c.send(keysAndValues);
        }
    }

    /** Sends raw text to every open connection. */
    void pushRaw(String raw) {
        for (Conn c : conns) {
            c.sendRaw(raw);
        }
    }

    /** The open connections stop answering anything (pings included) but stay open; new ones behave. */
    void silenceOpenConnections() {
        for (Conn c : conns) {
            c.silent = true;
        }
    }

    /** Closes every open connection (the client sees EOF). */
    void dropAll() {
        for (Conn c : conns) {
            c.close();
        }
    }

    /** Received actions named {@code action} (case-insensitive). */
    List<AmiMessage> receivedActions(String action) {
        return received.stream().filter(m -> action.equalsIgnoreCase(m.get("Action"))).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Conn c = new Conn(s);
                conns.add(c);
                connections.incrementAndGet();
                Thread t = new Thread(() -> {
                    try {
                        c.serve();
                    } finally {
                        conns.remove(c);
                        c.close();
                    }
                }, "fake-ami-conn-" + connections.get());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    errors.add(e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropAll();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
