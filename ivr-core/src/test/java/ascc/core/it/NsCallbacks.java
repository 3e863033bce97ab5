package ascc.core.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@link NamespaceClusterIT} counts the overflow callbacks: booked (the database), placed (each node's log line
 * "callback ID (attempt N): place holder enters"), and waiting in a box's queue (Asterisk's view: its place holders
 * {@code Local/ID@ascc-callback-wait-...} in {@code queue show desk-appliance}).
 */
final class NsCallbacks {
    private static final Pattern HOLDER = Pattern.compile("Local/([^@\\s]+)@ascc-callback-wait");

    private NsCallbacks() {
    }

    /** Overflow callbacks requested since {@code since}: linked id -> status (empty when the database does not answer). */
    static Map<String, String> booked(Instant since) {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = RealStack.db(); PreparedStatement ps = c.prepareStatement("SELECT linked_id, status FROM callback_request"
                + " WHERE kind = 'OVERFLOW' AND requested_at >= ?")) {
            ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.ofInstant(since, ZoneOffset.UTC)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            out.clear();
        }
        return out;
    }

    /** Place holders waiting in desk-appliance on box {@code box} (namespace name): callback id -> how many. */
    static Map<String, Integer> placeHolders(String box) {
        Map<String, Integer> out = new TreeMap<>();
        try {
            Process p = new ProcessBuilder(Namespaces.SCRIPT, "box-cli", box, "queue show desk-appliance").redirectErrorStream(true)
                    .start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = HOLDER.matcher(text);
            while (m.find()) {
                out.merge(m.group(1), 1, Integer::sum);
            }
        } catch (IOException e) {
            out.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** How many times the nodes' logs say each of {@code ids} was placed (a place holder originated). */
    static Map<String, Integer> placedInLogs(Collection<String> ids, Path... logs) throws IOException {
        Map<String, Integer> out = new TreeMap<>();
        for (Path log : logs) {
            for (String line : Files.readAllLines(log)) {
                if (!line.contains("place holder enters")) {
                    continue;
                }
                for (String id : ids) {
                    if (line.contains("callback " + id + " (attempt ")) {
                        out.merge(id, 1, Integer::sum);
                    }
                }
            }
        }
        return out;
    }
}
