package ascc.core.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The two databases ASCC runs on. The schema and the SQL are the same on both (Flyway finds the vendor itself);
 * callers may check which one they got.
 */
public enum Dialect {
    /** Embedded H2 in MariaDB compatibility mode. */
    H2,
    /** MariaDB (InnoDB). */
    MARIADB;

    /** Detects the dialect of an open connection from its metadata. */
    public static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("h2")) {
            return H2;
        }
        if (p.contains("mariadb") || p.contains("mysql")) {
            return MARIADB;
        }
        throw new SQLException("unsupported database product '" + product + "' (expected H2 or MariaDB)");
    }
}
