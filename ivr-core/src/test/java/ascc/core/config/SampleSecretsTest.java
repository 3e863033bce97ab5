package ascc.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.config.yaml.ConfigLoader;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.ConfigException;
import ascc.routing.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up check of the shipped sample secrets: refused outside the sandbox, warned about inside it. */
class SampleSecretsTest {
    @TempDir
    Path conf;
    @TempDir
    Path sandbox;
    private Map<String, String> env;

    @BeforeEach
    void copyShipped() throws Exception {
        env = ShippedConf.copy(conf, sandbox); // ASCC_ADMIN_TOKEN and ASCC_AMI_SECRET unset: the samples
    }

    private CenterConfig load() throws ConfigException {
        return ConfigLoader.load(conf, env);
    }

    private int lineOf(String file, String needle) throws Exception {
        List<String> lines = Files.readAllLines(conf.resolve(file));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle) && !lines.get(i).strip().startsWith("#")) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in " + file);
    }

    @Test
    void theSampleAdminTokenAmiAndAgiSecretsAreRefusedOutsideTheSandboxNamingTheKeyAndHowToSetIt() throws Exception {
        List<Problem> refused = SampleSecrets.refusals(conf, load(), env);
        assertEquals(3, refused.size(), refused.toString());
        Problem admin = refused.get(0);
        assertEquals("engine.yaml:" + lineOf("engine.yaml", "admin-token:") + ": http.admin-token", admin.file() + ":" + admin.line()
                + ": " + admin.key());
        assertTrue(admin.message().contains("ascc-dev-admin-token") && admin.message().contains("Set ASCC_ADMIN_TOKEN")
                && admin.message().contains("refuses"), admin.message());
        Problem ami = refused.get(1);
        assertEquals("engine.yaml:" + lineOf("engine.yaml", "secret: ${ASCC_AMI_SECRET") + ": ami.secret", ami.file() + ":"
                + ami.line() + ": " + ami.key());
        assertTrue(ami.message().contains("Set ASCC_AMI_SECRET"), ami.message());
        Problem agi = refused.get(2);
        assertEquals("engine.yaml:" + lineOf("engine.yaml", "secret: ${ASCC_AGI_SECRET") + ": agi.secret", agi.file() + ":"
                + agi.line() + ": " + agi.key());
        assertTrue(agi.message().contains("Set ASCC_AGI_SECRET"), agi.message());
    }

    @Test
    void ownSecretsStartAnywhereAndTheSandboxFlagAllowsTheSamples() throws Exception {
        Map<String, String> own = new java.util.HashMap<>(env);
        own.put("ASCC_ADMIN_TOKEN", "an-admin-token-of-our-own");
        own.put("ASCC_AMI_SECRET", "an-ami-secret-of-our-own");
        own.put("ASCC_AGI_SECRET", "an-agi-secret-of-our-own");
        assertEquals(List.of(), SampleSecrets.refusals(conf, ConfigLoader.load(conf, own), own));

        env.put(SampleSecrets.SANDBOX_MODE, "1");
        assertEquals(List.of(), SampleSecrets.refusals(conf, load(), env));
        List<String> keys = SampleSecrets.warnings(conf, load(), env).stream().map(Problem::key).toList();
        assertTrue(keys.containsAll(List.of("http.admin-token", "ami.secret", "agi.secret")), keys.toString());
    }

    @Test
    void onlyExactlyOneMarksTheSandbox() throws Exception {
        for (String v : List.of("0", "true", "yes", "", " 1")) {
            env.put(SampleSecrets.SANDBOX_MODE, v);
            assertEquals(3, SampleSecrets.refusals(conf, load(), env).size(), "ASCC_SANDBOX_MODE='" + v + "'");
        }
    }

    @Test
    void theShippedAgentPasswordsAreWarningsNamingEachAgentNeverThePassword() throws Exception {
        env.put("ASCC_ADMIN_TOKEN", "an-admin-token-of-our-own");
        env.put("ASCC_AMI_SECRET", "an-ami-secret-of-our-own");
        env.put("ASCC_AGI_SECRET", "an-agi-secret-of-our-own");
        CenterConfig cfg = load();
        List<Problem> warnings = SampleSecrets.warnings(conf, cfg, env);
        assertEquals(cfg.agents().size(), warnings.size(), warnings.toString());
        Problem first = warnings.get(0);
        assertEquals("agents.yaml:" + lineOf("agents.yaml", "password: demo-1001-pw") + ": agents[0].password", first.file() + ":"
                + first.line() + ": " + first.key());
        assertTrue(first.message().startsWith("agent 1001 has a shipped sample SIP password"), first.message());
        assertFalse(warnings.toString().contains("demo-1001-pw"), warnings.toString());
    }

    @Test
    void theEngineRefusesToStartOnTheSampleAdminTokenBeforeOpeningAnything() throws Exception {
        Path db = sandbox.resolve("db/ascc");
        Map<String, String> itEnv = Map.of("ASCC_ADMIN_TOKEN", SampleSecrets.ADMIN_TOKEN, "ASCC_DB_URL", "",
                "ASCC_EMBEDDED_DB", db.toString(), "ASCC_HTTP_PORT", "1", "ASCC_AGI_PORT", "1");
        ConfigException e = assertThrows(ConfigException.class, () -> Engine.start(
                new Engine.Options(Path.of("src/test/resources/it-conf"), itEnv, Clock.systemUTC(), "test-node")));
        assertEquals(List.of("http.admin-token"), e.problems().stream().map(Problem::key).toList());
        assertFalse(Files.exists(db.getParent()), "no database was opened");
    }
}
