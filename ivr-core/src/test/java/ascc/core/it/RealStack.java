package ascc.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ascc.core.Engine;
import ascc.core.asterisk.AsteriskConfigRenderer;
import ascc.routing.config.CenterConfig;
import ascc.core.config.yaml.ConfigLoader;
import ascc.testsupport.sip.TestPhone;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The real stack for {@code *IT} tests: the sandbox Asterisk 22 loaded once per test run with the
 * configuration rendered from {@code src/test/resources/it-conf}, MariaDB, and engines started in this JVM.
 * The sandbox script ({@code ASCC_SANDBOX_SCRIPT}, default {@code bin/sandbox}) provisions and starts
 * Asterisk when needed; {@code ivr-core/bin/test-all} has already provisioned it and started MariaDB.
 *
 * <p>The real-stack phase runs every IT one after another on this one Asterisk, so an IT's length adds to the test
 * command's: wait on a condition (a database row, a phone's INVITE, the live {@code /metrics} gauges as
 * {@link EngineView#awaitAmiConnected()} does, not the 5 s {@code /health} cache), not on a timer of the engine or of
 * Asterisk running out (run a Quartz job at once, set short timeouts in the test's config); place independent callers at
 * the same time (own numbers, desks and phones; {@link Together} runs whole scenarios side by side on one engine).
 */
final class RealStack {
    static final Path IT_CONF = Path.of("src/test/resources/it-conf");
    /** The sandbox's home ({@code ASCC_SANDBOX}, default {@code /var/lib/ascc-sandbox}), as the sandbox script reads it. */
    static final Path SANDBOX = Path.of(System.getenv().getOrDefault("ASCC_SANDBOX", "/var/lib/ascc-sandbox"));
    /** Asterisk's root file system inside the sandbox (its spool, logs and sounds). */
    static final Path ASTERISK_ROOT = SANDBOX.resolve("asterisk-root");
    static final String DB_URL = System.getenv().getOrDefault("ASCC_IT_DB_URL", "jdbc:mariadb://127.0.0.1:3306/ascc_it");
    static final int ASTERISK_AMI_PORT = 5038;
    private static final AtomicInteger NEXT_SIP_PORT = new AtomicInteger(5170);
    private static boolean asteriskLoaded;

    private RealStack() {
    }

    /** Environment the rendered Asterisk config is made with. */
    static Map<String, String> renderEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("ASCC_AMI_PORT", Integer.toString(ASTERISK_AMI_PORT));
        return env;
    }

    /** Environment for an engine under test: MariaDB, plus overrides. */
    static Map<String, String> engineEnv(Map<String, String> overrides) {
        Map<String, String> env = renderEnv();
        env.put("ASCC_DB_URL", DB_URL);
        env.put("ASCC_DB_USER", "ascc");
        env.put("ASCC_DB_PASSWORD", "ascc");
        env.putAll(overrides);
        return env;
    }

    static CenterConfig config() throws Exception {
        return ConfigLoader.load(IT_CONF, renderEnv());
    }

    /** Renders the IT config and loads it into the sandbox Asterisk, once per JVM. */
    static synchronized void ensureAsterisk() throws Exception {
        if (asteriskLoaded) {
            return;
        }
        Path out = Path.of("target/it-asterisk");
        new AsteriskConfigRenderer(config()).writeTo(out);
        String script = System.getenv().getOrDefault("ASCC_SANDBOX_SCRIPT", "bin/sandbox");
        // the sandbox's CDR file starts empty for this run: it keeps growing with every run on the machine (a day of load
        // benchmarks left 30 MB, 144,000 lines), and every engine of the ITs that read it (ASCC_ASTERISK_CDR_FILE) reads it
        // from its start into that run's fresh database: tens of seconds per engine start, and CdrFileStackIT timed out
        java.nio.file.Files.deleteIfExists(CdrFileStackIT.CDR_FILE);
        // a restart, not a reload: PJSIP global settings (endpoint_identifier_order) and transports only apply at start
        int rc = run(script, "restart-asterisk", out.toAbsolutePath().toString());
        assertEquals(0, rc, "sandbox restart-asterisk failed (see output above)");
        asteriskLoaded = true;
    }

    /**
     * Restarts the sandbox Asterisk with the IT config rendered with {@code extraEnv} on top (e.g. a low
     * {@code capacity.max-calls}); the next {@link #ensureAsterisk()} restarts it with the standard config again.
     */
    static synchronized void loadAsteriskWith(Map<String, String> extraEnv) throws Exception {
        loadAsteriskWith(extraEnv, UnaryOperator.identity());
    }

    /** As {@link #loadAsteriskWith(Map)}, with the rendered {@code extensions.conf} changed by {@code extensions}. */
    static synchronized void loadAsteriskWith(Map<String, String> extraEnv, UnaryOperator<String> extensions) throws Exception {
        Map<String, String> env = renderEnv();
        env.putAll(extraEnv);
        Path out = Path.of("target/it-asterisk-custom");
        new AsteriskConfigRenderer(ConfigLoader.load(IT_CONF, env)).writeTo(out);
        Path dialplan = out.resolve("extensions.conf");
        java.nio.file.Files.writeString(dialplan, extensions.apply(java.nio.file.Files.readString(dialplan)));
        String script = System.getenv().getOrDefault("ASCC_SANDBOX_SCRIPT", "bin/sandbox");
        asteriskLoaded = false;
        int rc = run(script, "restart-asterisk", out.toAbsolutePath().toString());
        assertEquals(0, rc, "sandbox restart-asterisk failed (see output above)");
    }

    static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        return p.waitFor();
    }

    static String asteriskCli(String cli) throws IOException, InterruptedException {
        String script = System.getenv().getOrDefault("ASCC_SANDBOX_SCRIPT", "bin/sandbox");
        Process p = new ProcessBuilder(script, "asterisk-cli", cli).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /**
     * The test-only engine timings this JVM runs with (system properties {@code ascc.test.*}, set by failsafe in the pom) as
     * {@code -D} options, for an engine started in a JVM of its own, so it fails over as fast as the engines in this one.
     */
    static java.util.List<String> jvmTuning() {
        return System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("ascc.test.")).sorted()
                .map(k -> "-D" + k + "=" + System.getProperty(k)).toList();
    }

    static Engine startEngine(Map<String, String> overrides) throws Exception {
        return Engine.start(new Engine.Options(IT_CONF, engineEnv(overrides), Clock.systemUTC(), "it-node"));
    }

    /** A registered agent phone with the password from the IT config. */
    static TestPhone phone(String agentId) throws Exception {
        String password = config().agents().get(agentId).password().reveal();
        TestPhone p = TestPhone.start(agentId, password, "127.0.0.1", 5060, NEXT_SIP_PORT.getAndIncrement());
        p.register(Duration.ofSeconds(5));
        return p;
    }

    static Connection db() throws SQLException {
        return DriverManager.getConnection(DB_URL, "ascc", "ascc");
    }

    /** The IT database as the engine's stores read it (a new pool-less data source). */
    static javax.sql.DataSource dataSource() throws SQLException {
        org.mariadb.jdbc.MariaDbDataSource ds = new org.mariadb.jdbc.MariaDbDataSource(DB_URL);
        ds.setUser("ascc");
        ds.setPassword("ascc");
        return ds;
    }

    /**
     * Books callback {@code r} the way any engine node's CallbackService does: its row in the IT database and its due job in
     * the cluster's Quartz store ({@code ascc}), which the engine's scheduler fires at the due time.
     */
    static void requestCallback(ascc.core.callbacks.CallbackRequest r) throws Exception {
        if (!new ascc.core.callbacks.CallbackStore(dataSource()).insert(r, Instant.now())) {
            throw new IllegalStateException("callback " + r.linkedId() + " was stored already");
        }
        org.quartz.Scheduler quartz = org.quartz.impl.SchedulerRepository.getInstance().lookup("ascc");
        if (quartz == null) {
            throw new IllegalStateException("no engine scheduler 'ascc' runs in this JVM");
        }
        org.quartz.JobDetail job = org.quartz.JobBuilder.newJob(ascc.core.callbacks.CallbackService.DueJob.class)
                .withIdentity("callback-" + r.linkedId(), "callbacks").usingJobData("linkedId", r.linkedId()).build();
        quartz.scheduleJob(job, org.quartz.TriggerBuilder.newTrigger().withIdentity("callback-" + r.linkedId(), "callbacks")
                .startAt(java.util.Date.from(r.dueAt())).build());
    }

    static HttpResponse<String> get(int port, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
