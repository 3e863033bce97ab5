package ascc.core.asterisk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** manager reload without AMI: the console socket beside the managed config, greeting, NUL-terminated command. */
class AsteriskConsoleTest {
    @TempDir
    Path root;

    @Test
    void theSocketIsFoundBesideTheManagedConfigInAChrootAndOnAPlainHost() {
        assertEquals(Path.of("/var/lib/sandbox/asterisk-root/var/run/asterisk/asterisk.ctl"),
                AsteriskConsole.besideConfig(Path.of("/var/lib/sandbox/asterisk-root/etc/asterisk")).socket());
        assertEquals(Path.of("/var/run/asterisk/asterisk.ctl"), AsteriskConsole.besideConfig(Path.of("/etc/asterisk")).socket());
    }

    @Test
    void sendsTheCommandNulTerminatedAfterAsterisksGreeting() throws Exception {
        Path ctl = root.resolve("var/run/asterisk/asterisk.ctl");
        Files.createDirectories(ctl.getParent());
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(ctl));
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel c = server.accept()) { // a fake Asterisk console
                    c.write(StandardCharsets.UTF_8.encode("pbx1/4242/Asterisk 22.5.0\n"));
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    ByteBuffer buf = ByteBuffer.allocate(256);
                    while (c.read(buf) > 0) {
                        got.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    return got.toString(StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String greeting = AsteriskConsole.besideConfig(root.resolve("etc/asterisk")).run("manager reload", Duration.ofSeconds(5));
            assertEquals("pbx1/4242/Asterisk 22.5.0", greeting);
            assertEquals("manager reload\0", received.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void noSocketIsAnErrorThatNamesThePath() {
        IOException e = assertThrows(IOException.class,
                () -> AsteriskConsole.besideConfig(root.resolve("etc/asterisk")).run("manager reload", Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("asterisk.ctl"), e.getMessage());
        assertEquals("asterisk -rx 'manager reload'", AsteriskConsole.byHand("manager reload"));
    }
}
