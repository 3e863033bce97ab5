package ascc.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ascc.routing.config.Secret;
import org.junit.jupiter.api.Test;

/** The database as logs and errors show it (start-up line, every failed health check): never with a password. */
class DatabaseDescriptionTest {

    @Test
    void aMariaDbUrlIsDescribedWithItsPasswordMasked() {
        DbSettings s = DbSettings.mariaDb("jdbc:mariadb://db:3306/ascc?user=ascc&password=s3cr3t", "ascc", Secret.of("x"), 2);
        assertEquals("jdbc:mariadb://db:3306/ascc?user=ascc&password=****", Database.describe(s));
    }

    @Test
    void settingsPrintWithoutAnyPassword() {
        DbSettings s = DbSettings.mariaDb("jdbc:mariadb://ascc:s3cr3t@db:3306/ascc", "ascc", Secret.of("pw-0123456789"), 2);
        assertEquals("DbSettings[url=jdbc:mariadb://ascc:****@db:3306/ascc, user=ascc, password=****, embeddedPath=, maxPoolSize=2]",
                s.toString());
    }

    @Test
    void aRefusedUrlIsNamedWithoutItsPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DbSettings.mariaDb("jdbc:mysql://ascc:s3cr3t@db/ascc", "ascc", Secret.of("x"), 2));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void anUnreachableDatabaseFailsNamingTheUrlWithoutItsPassword() {
        // nothing listens on port 1: the pool fails at start, and the message names the masked URL
        DbSettings s = DbSettings.mariaDb("jdbc:mariadb://127.0.0.1:1/ascc?password=s3cr3t&connectTimeout=500", "ascc",
                Secret.of("x"), 1);
        DatabaseException e = assertThrows(DatabaseException.class, () -> Database.openWithoutMigrations(s));
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertFalse(e.toString().contains("s3cr3t"), e.toString());
    }
}
