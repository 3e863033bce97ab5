package ascc.core.web;

import ascc.routing.Phones;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The {@code web_audit} table: logins, logouts and supervisor actions. Written on the request's handler thread (a virtual
 * thread: it may block). Every text is cut to its column and phone numbers in it are masked.
 */
public final class WebAudit {
    private final DataSource db;
    private final Clock clock;

    public WebAudit(DataSource db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes one row.
     *
     * @param who the principal, or null before a login (then {@code login} is what was typed)
     * @param login what was typed at the login, used when {@code who} is null
     * @param action e.g. {@code login}, {@code pause-agent}
     * @param target what it was done to (an agent id, a desk), or empty
     * @param outcome {@code ok}, {@code refused}, {@code failed}
     * @param detail a short reason
     * @throws SQLException when the row could not be written (a supervisor action is then refused)
     */
    public void record(Principal who, String login, String action, String target, String outcome, String detail) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO web_audit (at, login, role, action, target, outcome, detail)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            ps.setString(2, cut(who == null ? login : who.login(), 64));
            ps.setString(3, who == null ? "-" : who.role().key());
            ps.setString(4, cut(action, 32));
            ps.setString(5, cut(Phones.maskText(target), 128));
            ps.setString(6, cut(outcome, 16));
            ps.setString(7, cut(Phones.maskText(detail), 255));
            ps.executeUpdate();
        }
    }

    private static String cut(String s, int max) {
        String v = s == null ? "" : s;
        return v.length() <= max ? v : v.substring(0, max);
    }
}
