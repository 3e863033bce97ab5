package ascc.core.db;

import ascc.routing.config.EngineSettings;
import ascc.routing.config.Redact;
import ascc.routing.config.Secret;

/**
 * How to reach the database. Printing this record masks the password ({@link Secret#toString()}).
 *
 * @param url JDBC URL of MariaDB ({@code jdbc:mariadb://host:3306/db}); empty or blank for the embedded H2 file database
 * @param user database user (MariaDB only)
 * @param password database password (MariaDB only)
 * @param embeddedPath file path, without suffix, of the embedded database (e.g. {@code var/db/ascc})
 * @param maxPoolSize maximum number of pooled connections
 */
public record DbSettings(String url, String user, Secret password, String embeddedPath, int maxPoolSize) {

    public DbSettings {
        url = url == null ? "" : url.strip();
        user = user == null ? "" : user;
        password = password == null ? Secret.of("") : password;
        if (url.isEmpty() && (embeddedPath == null || embeddedPath.isBlank())) {
            throw new IllegalArgumentException("embedded database needs a path when no MariaDB url is configured");
        }
        if (!url.isEmpty() && !url.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException("database url must start with jdbc:mariadb: (url=" + Redact.url(url) + ")");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be >= 1 (maxPoolSize=" + maxPoolSize + ")");
        }
    }

    /** Embedded H2 file database at {@code path}. */
    public static DbSettings embedded(String path, int maxPoolSize) {
        return new DbSettings("", "", Secret.of(""), path, maxPoolSize);
    }

    /** MariaDB at {@code url}. */
    public static DbSettings mariaDb(String url, String user, Secret password, int maxPoolSize) {
        return new DbSettings(url, user, password, "", maxPoolSize);
    }

    /** The database engine.yaml names: MariaDB when it has a url, else the embedded H2 file. */
    public static DbSettings of(EngineSettings s, int maxPoolSize) {
        return s.mariaDbUrl().map(url -> mariaDb(url, s.dbUser(), s.dbPassword(), maxPoolSize))
                .orElseGet(() -> embedded(s.embeddedDbPath(), maxPoolSize));
    }

    public boolean isEmbedded() {
        return url.isEmpty();
    }

    /** As a record prints, with the password as {@code ****} and any password inside the URL masked. */
    @Override
    public String toString() {
        return Redact.record(this);
    }
}
