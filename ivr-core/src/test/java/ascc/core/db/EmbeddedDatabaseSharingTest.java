package ascc.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database while the engine runs: a CLI command opens the same file beside it (H2 automatic mixed mode).
 * Two {@link Database}s in one JVM stand for the two processes: the first opens the file and serves it, the second
 * connects to that server.
 */
class EmbeddedDatabaseSharingTest {
    @TempDir
    Path dir;

    @Test
    void engineAndCliOpenTheSameEmbeddedFileAndBothReadAndWrite() throws SQLException {
        String path = dir.resolve("ascc").toString();
        try (Database engine = Database.open(DbSettings.embedded(path, 4));
             Database cli = Database.open(DbSettings.embedded(path, 2))) {
            insert(engine, "from-engine");
            insert(cli, "from-cli");
            assertEquals(2, count(engine));
            assertEquals(2, count(cli));
            assertTrue(engine.isHealthy() && cli.isHealthy());
        }
    }

    @Test
    void theCliKeepsWorkingAfterTheEngineThatServedTheFileStops() throws SQLException {
        String path = dir.resolve("ascc").toString();
        Database engine = Database.open(DbSettings.embedded(path, 2));
        try (Database cli = Database.open(DbSettings.embedded(path, 2))) {
            insert(engine, "from-engine");
            engine.close();
            insert(cli, "from-cli");
            assertEquals(2, count(cli));
        } finally {
            engine.close();
        }
    }

    @Test
    void theFileIsServedOnLoopbackOnly() throws IOException, SQLException {
        assertEquals("127.0.0.1", System.getProperty(Database.H2_BIND_ADDRESS));
        String path = dir.resolve("ascc").toString();
        try (Database engine = Database.open(DbSettings.embedded(path, 2))) {
            Properties lock = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(path + ".lock.db"))) {
                lock.load(in);
            }
            String server = lock.getProperty("server", "");
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertTrue(s.isConnected(), "the auto-server answers on loopback (" + server + ")");
            }
            // H2's default (no h2.bindAddress) listens on every interface: this machine's other addresses must be refused
            for (InetAddress other : nonLoopbackAddresses()) {
                assertThrows(ConnectException.class, () -> new Socket(other, port).close(), "auto-server reachable on " + other);
            }
            assertTrue(engine.isHealthy());
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream()
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).forEach(out::add);
            }
        }
        return out;
    }

    private static void insert(Database db, String linkedId) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO call_record (linked_id, entered_at, outcome) VALUES (?, TIMESTAMP '2025-01-01 00:00:00', 'CLOSED')")) {
            ps.setString(1, linkedId);
            ps.executeUpdate();
        }
    }

    private static long count(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM call_record");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
