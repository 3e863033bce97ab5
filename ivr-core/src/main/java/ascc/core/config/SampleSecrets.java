package ascc.core.config;

import ascc.routing.config.Agent;
import ascc.routing.config.AgiAccess;
import ascc.routing.config.CenterConfig;
import ascc.routing.config.EngineSettings;
import ascc.routing.config.Problem;
import ascc.routing.config.Secret;
import ascc.routing.config.WebConfig;
import ascc.core.password.PasswordHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The secrets shipped in {@code conf/} as samples, which anyone who has read the repository knows, and what the engine
 * does about them.
 *
 * <ul>
 *   <li>Outside the sandbox the engine refuses to start on the sample admin token ({@value #ADMIN_TOKEN}: every tenant's
 *       recordings and the config API), the sample AMI secret ({@value #AMI_SECRET}: originate calls, read every
 *       event) or the sample FastAGI secret ({@value #AGI_SECRET}: act as Asterisk on the FastAGI port), naming the key
 *       and how to set it ({@link #refusals}).</li>
 *   <li>The sandbox is recognised explicitly: the environment variable {@value #SANDBOX_MODE}{@code =1}, which
 *       {@code ivr-core/bin/demo} sets (and nothing else). Not by a host name, a bind address or the presence of the
 *       sandbox directory: a production box must never become a sandbox by accident. In the sandbox the samples are
 *       allowed with a warning.</li>
 *   <li>The sample agents' SIP passwords ({@code demo-NNNN-pw}) are a warning of {@code ivr check-config} and at start
 *       ({@link #warnings}): SIP is reachable from the phones' network, so they must be changed before real phones
 *       register, but the engine itself does not depend on them.</li>
 * </ul>
 * No message shows a configured value, only the publicly known sample names.
 */
public final class SampleSecrets {
    /** {@code ASCC_SANDBOX_MODE=1}: this engine runs in the local sandbox (the demo); sample secrets are allowed there. */
    public static final String SANDBOX_MODE = "ASCC_SANDBOX_MODE";
    /** The sample admin token in the shipped engine.yaml. */
    public static final String ADMIN_TOKEN = "ascc-dev-admin-token";
    /** The sample AMI secret in the shipped engine.yaml. */
    public static final String AMI_SECRET = "ascc-dev-ami-secret";
    /** The sample FastAGI secret in the shipped engine.yaml. */
    public static final String AGI_SECRET = AgiAccess.SAMPLE_SECRET;
    /** The sample SIP passwords of the shipped agents.yaml. */
    static final Pattern AGENT_PASSWORD = Pattern.compile("demo-\\d+-pw");

    private static final String ENGINE_FILE = "engine.yaml";
    private static final String AGENTS_FILE = "agents.yaml";

    private SampleSecrets() {
    }

    /** True when {@code env} says this is the sandbox ({@value #SANDBOX_MODE} is exactly {@code 1}). */
    public static boolean sandboxMode(Map<String, String> env) {
        return "1".equals(env.get(SANDBOX_MODE));
    }

    /**
     * Why the engine must not start with this config in this environment: the sample admin token or AMI secret outside
     * the sandbox. Empty in the sandbox or when both are the operator's own.
     *
     * @param confDir where engine.yaml is (to name the line of the key)
     */
    public static List<Problem> refusals(Path confDir, CenterConfig config, Map<String, String> env) {
        if (sandboxMode(env)) {
            return List.of();
        }
        return samples(confDir, config.engine(), "the engine refuses to start with it outside the sandbox");
    }

    /**
     * What {@code ivr check-config} and the engine's start warn about: the sample agent SIP passwords, and the sample admin
     * token and AMI secret (which the engine refuses outside the sandbox).
     */
    public static List<Problem> warnings(Path confDir, CenterConfig config, Map<String, String> env) {
        List<Problem> out = new ArrayList<>(samples(confDir, config.engine(), sandboxMode(env)
                ? "allowed only because " + SANDBOX_MODE + "=1 (the sandbox)"
                : "'ivr run' refuses it (outside the sandbox, " + SANDBOX_MODE + " is not 1)"));
        List<String> lines = lines(confDir.resolve(AGENTS_FILE));
        int i = 0;
        for (Agent a : config.agents().values()) {
            String pw = a.password().reveal();
            if (AGENT_PASSWORD.matcher(pw).matches()) {
                out.add(new Problem(AGENTS_FILE, lineWith(lines, pw), "agents[" + i + "].password", "agent " + a.id()
                        + " has a shipped sample SIP password (demo-NNNN-pw): anyone who can reach SIP port "
                        + config.engine().sipPort() + " can register as this agent; give each agent its own password"
                        + " (at least 8 characters, e.g. from ${VARIABLE}) before real phones register"));
            }
            i++;
        }
        return out;
    }

    private static List<Problem> samples(Path confDir, EngineSettings e, String consequence) {
        List<Problem> out = new ArrayList<>();
        List<String> lines = lines(confDir.resolve(ENGINE_FILE));
        if (isSample(e.adminToken(), ADMIN_TOKEN)) {
            out.add(new Problem(ENGINE_FILE, lineOfKey(lines, "http", "admin-token"), "http.admin-token",
                    "is the shipped sample admin token '" + ADMIN_TOKEN + "' (it reads every company's recordings and changes the"
                    + " config); " + consequence
                    + ". Set ASCC_ADMIN_TOKEN (the shipped engine.yaml reads it) to a secret of your own, e.g. the token"
                    + " 'ivr token new' prints"));
        }
        if (isSample(e.amiSecret(), AMI_SECRET)) {
            out.add(new Problem(ENGINE_FILE, lineOfKey(lines, "ami", "secret"), "ami.secret", "is the shipped sample AMI secret '"
                    + AMI_SECRET + "' (it lets anyone who reaches AMI port " + e.amiPort() + " originate calls and read"
                    + " every event); " + consequence + ". Set ASCC_AMI_SECRET (the shipped engine.yaml reads it) to a secret"
                    + " of your own, the same one Asterisk's manager.conf has ('ivr asterisk-config' renders it)"));
        }
        if (isSample(e.agiAccess().secret(), AGI_SECRET)) {
            out.add(new Problem(ENGINE_FILE, lineOfKey(lines, "agi", "secret"), "agi.secret", "is the shipped sample FastAGI secret '"
                    + AGI_SECRET + "' (with it anyone who reaches FastAGI port " + e.agiPort() + " acts as Asterisk: logs agents"
                    + " out, answers surveys, books callbacks); " + consequence + ". Set ASCC_AGI_SECRET (the shipped engine.yaml"
                    + " reads it) to a secret of your own, e.g. the token 'ivr token new' prints, then render Asterisk's dialplan"
                    + " again ('ivr asterisk-config')"));
        }
        return out;
    }

    /** The public sample web password of {@code role} ({@code sample-supervisor-pw}), shipped hashed in web.yaml. */
    public static String webSamplePassword(WebConfig.Role role) {
        return "sample-" + role.key() + "-pw";
    }

    /**
     * Web users (web.yaml) whose password is still their role's public sample ({@code sample-<role>-pw}): refused outside
     * the sandbox (the engine does not start), a warning in it. One bcrypt check per user.
     */
    public static List<Problem> webRefusals(Path confDir, WebConfig web, Map<String, String> env) {
        return sandboxMode(env) ? List.of() : webSamples(confDir, web, "the engine refuses to start with it outside the sandbox");
    }

    /** The same users as {@link #webRefusals}, as warnings (for check-config and the sandbox). */
    public static List<Problem> webWarnings(Path confDir, WebConfig web, Map<String, String> env) {
        return webSamples(confDir, web, sandboxMode(env) ? "allowed only because " + SANDBOX_MODE + "=1 (the sandbox)"
                : "'ivr run' refuses it (outside the sandbox, " + SANDBOX_MODE + " is not 1)");
    }

    private static List<Problem> webSamples(Path confDir, WebConfig web, String consequence) {
        List<Problem> out = new ArrayList<>();
        List<String> lines = lines(confDir.resolve(WebConfig.FILE));
        int i = 0;
        for (WebConfig.User u : web.users().values()) {
            if (PasswordHash.matches(u.passwordHash().reveal(), webSamplePassword(u.role()))) {
                out.add(new Problem(WebConfig.FILE, lineWith(lines, "login: " + u.login()), "users[" + i + "].password-hash", "web user '"
                        + u.login() + "' has the shipped sample password of role " + u.role().key() + " ('" + webSamplePassword(u.role())
                        + "'); " + consequence + ". Give it a hash of your own ('ivr web hash-password', or the ASCC_WEB_*_HASH"
                        + " variables the shipped web.yaml reads)"));
            }
            i++;
        }
        return out;
    }

    private static boolean isSample(Secret s, String sample) {
        return s != null && s.matches(sample);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " again to name a line", e);
        }
    }

    /** 1-based line of the first {@code key:} after the top-level {@code section:}; 0 when not found. */
    static int lineOfKey(List<String> lines, String section, String key) {
        Pattern start = Pattern.compile(Pattern.quote(section) + "\\s*:.*");
        Pattern p = Pattern.compile("\\s+" + Pattern.quote(key) + "\\s*:.*");
        boolean in = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isEmpty() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("#")) {
                in = start.matcher(l).matches();
            } else if (in && p.matcher(l).matches()) {
                return i + 1;
            }
        }
        return 0;
    }

    /** 1-based line containing {@code text} (a sample value, public); 0 when not found (e.g. it came from the environment). */
    private static int lineWith(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        return 0;
    }
}
