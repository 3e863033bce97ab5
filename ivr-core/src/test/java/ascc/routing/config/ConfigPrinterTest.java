package ascc.routing.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigPrinterTest {
    @TempDir
    Path dir;

    private CenterConfig withMariaDb() throws ConfigException {
        return ConfigFixture.in(dir).write("engine.yaml", ConfigFixture.ENGINE + """
                database:
                  url: "jdbc:mariadb://ascc:urlsecret@db:3306/ascc?password=querysecret&ssl=true"
                  username: ascc
                  password: db-secret-1
                """).load();
    }

    @Test
    void printerMasksEverySecret() throws ConfigException {
        String text = ConfigPrinter.print(withMariaDb());
        for (String secret : new String[] {"ami-secret-1", "admin-token-1", "db-secret-1", "sip-pass-1001", "sip-pass-1002",
            "urlsecret", "querysecret"}) {
            assertFalse(text.contains(secret), secret + " leaked:\n" + text);
        }
        assertTrue(text.contains("  ami: ascc@127.0.0.1:5038, secret ****\n"), text);
        assertTrue(text.contains("  database: MariaDB jdbc:mariadb://ascc:****@db:3306/ascc?password=****&ssl=true, user ascc,"
                + " password ****\n"), text);
        assertTrue(text.contains("  1001 \"Kim\" password ****, desks: appliance 5, general 2\n"), text);
    }

    @Test
    void printerSummarisesRoutingAndHours() throws ConfigException {
        String text = ConfigPrinter.print(ConfigFixture.in(dir).load());
        assertTrue(text.contains("  database: embedded H2 at var/db/ascc\n"), text);
        assertTrue(text.contains("  hanbit \"Hanbit Electric\" code 101, numbers 0215880001\n"
                + "      home-appliances -> appliance, pcs -> digital\n"), text);
        assertTrue(text.contains("  digital \"Digital\" queue desk-digital, wrap-up 20 s\n      categories: pcs\n"
                + "      agents (proficiency): 1002(3)\n"), text);
        assertTrue(text.contains("  default: mon-fri 09:00-18:00, sat 09:00-13:00, sun closed\n"), text);
        assertTrue(text.contains("holidays (1)\n  2026-09-25 fri Chuseok\n"), text);
    }

    @Test
    void recordToStringsMaskSecrets() throws ConfigException {
        CenterConfig c = withMariaDb();
        String engine = c.engine().toString();
        assertFalse(engine.contains("ami-secret-1"), engine);
        assertFalse(engine.contains("admin-token-1"), engine);
        assertFalse(engine.contains("db-secret-1"), engine);
        assertFalse(engine.contains("urlsecret") || engine.contains("querysecret"), engine);
        assertTrue(engine.contains("amiSecret=****"), engine);
        assertTrue(engine.contains("dbUrl=jdbc:mariadb://ascc:****@db:3306/ascc?password=****&ssl=true"), engine);
        String agent = c.agents().get("1001").toString();
        assertFalse(agent.contains("sip-pass-1001"), agent);
        assertTrue(agent.contains("password=****"), agent);
    }

    @Test
    void maskUrlHidesPasswordsInJdbcUrls() {
        assertEquals("jdbc:mariadb://db/ascc?user=a&password=****", ConfigPrinter.maskUrl("jdbc:mariadb://db/ascc?user=a&password=x1"));
        assertEquals("jdbc:mariadb://a:****@db/ascc", ConfigPrinter.maskUrl("jdbc:mariadb://a:pw@db/ascc"));
        assertEquals("jdbc:mariadb://db:3306/ascc", ConfigPrinter.maskUrl("jdbc:mariadb://db:3306/ascc"));
    }
}
