package ascc.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.config.ShippedConf;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ivr run} on the shipped conf/ without secrets of one's own: exit 1 naming each key and its variable. */
class RunRefusesSampleSecretsTest {
    @TempDir
    Path conf;
    @TempDir
    Path sandbox;
    private Map<String, String> env;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyShipped() throws Exception {
        env = ShippedConf.copy(conf, sandbox);
    }

    private int ivr(String... argv) {
        out.reset();
        err.reset();
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env)
                .execute(List.of(argv));
    }

    @Test
    void runExitsNonZeroNamingTheAdminTokenAmiAndAgiSecretKeysAndTheSampleWebPasswords() {
        assertEquals(1, ivr("run", "--conf", conf.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("ivr: 7 problem(s) in " + conf + ":"), e);
        assertTrue(e.matches("(?s).*\n  web\\.yaml:\\d+: users\\[1\\]\\.password-hash: web user 'supervisor' has the shipped sample"
                + " password of role supervisor.*"), e);
        assertTrue(e.matches("(?s).*\n  engine\\.yaml:\\d+: http\\.admin-token: is the shipped sample admin token"
                + " 'ascc-dev-admin-token'.*Set ASCC_ADMIN_TOKEN.*"), e);
        assertTrue(e.matches("(?s).*\n  engine\\.yaml:\\d+: ami\\.secret: is the shipped sample AMI secret.*Set ASCC_AMI_SECRET.*"), e);
        assertTrue(e.matches("(?s).*\n  engine\\.yaml:\\d+: agi\\.secret: is the shipped sample FastAGI secret.*Set ASCC_AGI_SECRET.*"), e);
        assertTrue(out.toString(StandardCharsets.UTF_8).isEmpty(), "the engine never said it runs");
    }

    @Test
    void checkConfigStaysValidButWarnsAboutEverySample() {
        assertEquals(0, ivr("check-config", conf.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.contains("ivr: warning: engine.yaml:"), e);
        assertTrue(e.contains("http.admin-token: is the shipped sample admin token 'ascc-dev-admin-token'"), e);
        assertTrue(e.contains("'ivr run' refuses it"), e);
        assertTrue(e.contains("agents[0].password: agent 1001 has a shipped sample SIP password"), e);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(" is valid: "), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void tokenNewPrintsATokenOnceAndTheHashTheConfigKeeps() {
        assertEquals(0, ivr("token", "new"));
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length, out.toString(StandardCharsets.UTF_8));
        String token = lines[0].substring("token: ".length());
        assertTrue(token.matches("[A-Za-z0-9_-]{43}"), token); // 32 random bytes, base64url without padding
        assertEquals("token-sha256: " + ascc.routing.config.TokenHash.of(token).hex(), lines[1]);
        assertEquals(0, ivr("token", "new"));
        assertTrue(!out.toString(StandardCharsets.UTF_8).contains(token), "a new token each time");
    }

    @Test
    void tokenHashReadsTheTokenFromTheNamedVariable() {
        env.put("HANBIT_TOKEN", "hanbit-token-0123456789");
        assertEquals(0, ivr("token", "hash", "--from-env", "HANBIT_TOKEN"));
        assertEquals("token-sha256: " + ascc.routing.config.TokenHash.of("hanbit-token-0123456789").hex() + "\n",
                out.toString(StandardCharsets.UTF_8));
        assertEquals(1, ivr("token", "hash", "--from-env", "NO_SUCH_VARIABLE"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("NO_SUCH_VARIABLE is not set"), err.toString(StandardCharsets.UTF_8));
    }
}
