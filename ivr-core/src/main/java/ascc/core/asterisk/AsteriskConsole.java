package ascc.core.asterisk;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Asterisk's CLI without AMI: its remote-console control socket ({@code asterisk.ctl}, what {@code asterisk -rx} uses),
 * for the one case AMI cannot help: a rejected AMI login because Asterisk still runs an old {@code manager.conf}. The
 * socket is found beside the managed config: {@code <config-dir>/../../var/run/asterisk/asterisk.ctl} (so
 * {@code /etc/asterisk} gives {@code /var/run/asterisk/asterisk.ctl}, and a chrooted sandbox's {@code <root>/etc/asterisk}
 * its {@code <root>/var/run/asterisk/asterisk.ctl}).
 *
 * <p>Protocol: Asterisk greets with {@code host/pid/version}; each command is sent NUL-terminated and run as typed at
 * the console. Blocking I/O with a deadline: call it off the AMI and call threads.
 */
public final class AsteriskConsole {
    private final Path socket;

    public AsteriskConsole(Path socket) {
        this.socket = socket;
    }

    /** The control socket next to {@code configDir} (see the type's description). */
    public static AsteriskConsole besideConfig(Path configDir) {
        Path root = configDir.toAbsolutePath().normalize().getParent();
        root = root == null || root.getParent() == null ? Path.of("/") : root.getParent();
        return new AsteriskConsole(root.resolve("var/run/asterisk/asterisk.ctl"));
    }

    public Path socket() {
        return socket;
    }

    /** The command an operator runs to do the same by hand. */
    public static String byHand(String cli) {
        return "asterisk -rx '" + cli + "'";
    }

    /**
     * Runs {@code cli} on Asterisk's console: waits for the greeting (up to {@code timeout}), sends the command.
     *
     * @return Asterisk's greeting ({@code host/pid/version})
     * @throws IOException no socket, no permission, no greeting in time: the caller says what to run by hand
     */
    public String run(String cli, Duration timeout) throws IOException {
        if (!Files.exists(socket)) {
            throw new IOException("no Asterisk control socket at " + socket);
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            String greeting = readGreeting(ch, timeout);
            ByteBuffer out = StandardCharsets.UTF_8.encode(cli + "\0");
            while (out.hasRemaining()) {
                ch.write(out);
            }
            return greeting;
        }
    }

    private String readGreeting(SocketChannel ch, Duration timeout) throws IOException {
        ch.configureBlocking(false);
        ByteBuffer in = ByteBuffer.allocate(512);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (java.nio.channels.Selector sel = java.nio.channels.Selector.open()) {
            ch.register(sel, java.nio.channels.SelectionKey.OP_READ);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no greeting from Asterisk's console " + socket + " within " + timeout);
                }
                sel.select(Math.max(1, left / 1_000_000));
                sel.selectedKeys().clear();
                int n = ch.read(in);
                if (n < 0) {
                    throw new IOException("Asterisk's console " + socket + " closed before its greeting");
                }
                String text = new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                if (end >= 0) {
                    ch.keyFor(sel).cancel();
                    sel.selectNow();
                    ch.configureBlocking(true);
                    return text.substring(0, end).replace("\0", "");
                }
                if (!in.hasRemaining()) {
                    throw new IOException("Asterisk's console " + socket + " sent no greeting line in 512 bytes");
                }
            }
        }
    }
}
