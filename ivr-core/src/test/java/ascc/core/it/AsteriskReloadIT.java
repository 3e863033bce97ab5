package ascc.core.it;

import static ascc.core.it.FoundationIT.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.core.Engine;
import ascc.core.ami.AmiEvent;
import ascc.core.asterisk.AsteriskConfigRenderer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code conf/} edit reloaded live re-renders the Asterisk configuration and Asterisk reloads only the changed parts
 * through AMI. The engine manages the sandbox Asterisk's own {@code /etc/asterisk} ({@code asterisk.config-dir}); the
 * file watcher picks the edit up. The test puts the IT config back (and Asterisk reloads it) before it ends.
 */
class AsteriskReloadIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The sandbox Asterisk's configuration directory, seen from the host. */
    static final Path ASTERISK_ETC = RealStack.ASTERISK_ROOT.resolve("etc/asterisk");
    private static final Pattern PROBLEM_LINE = Pattern.compile("desks\\.yaml:\\d+: [^\\n]*wrap-up-seconds");

    @BeforeAll
    static void stack() throws Exception {
        RealStack.ensureAsterisk();
    }

    @Test
    void aLiveAgentsAndDesksEditRewritesOnlyTheChangedFilesAndAsteriskReloadsOnlyThoseModules(@TempDir Path conf) throws Exception {
        try (Stream<Path> files = Files.list(RealStack.IT_CONF)) {
            for (Path f : files.toList()) {
                Files.copy(f, conf.resolve(f.getFileName()));
            }
        }
        Path agents = conf.resolve("agents.yaml");
        Path desks = conf.resolve("desks.yaml");
        String agentsBefore = Files.readString(agents);
        String desksBefore = Files.readString(desks);
        List<String> reloads = new CopyOnWriteArrayList<>();
        Map<String, String> env = Map.of("ASCC_ASTERISK_CONFIG_DIR", ASTERISK_ETC.toString());
        try (Engine engine = Engine.start(new Engine.Options(conf, RealStack.engineEnv(env), Clock.systemUTC(), "it-node"));
             EngineView view = EngineView.of(engine)) {
            view.ami().subscribe((AmiEvent e) -> {
                if (e.is("Reload")) {
                    reloads.add(e.get("Module", "?") + "=" + e.get("Status", "?"));
                }
            });
            view.awaitAmiConnected();
            // Asterisk runs with the IT config; agent 2102 is in the fallback queue at penalty 5 - 2 = 3
            assertTrue(memberLine("ascc-fallback", "2102").contains("with penalty 3"), memberLine("ascc-fallback", "2102"));
            assertTrue(cli("queue show desk-returns").contains("No such queue"), cli("queue show desk-returns"));
            Map<String, String> rendered = snapshot();
            Thread.sleep(1000); // any reload the engine's start-up render asked for has been answered
            reloads.clear();

            // a new desk, a new agent on it, and 2102 more proficient: edit both files; the watcher reloads
            Files.writeString(desks, desksBefore + "  - id: returns\n    name: Returns\n    categories: []\n    wrap-up-seconds: 0\n");
            Files.writeString(agents, agentsBefore.replace("desks: {appliance: 2}", "desks: {appliance: 4}")
                    + "  - id: \"2103\"\n    name: Returns Clerk\n    password: it-2103-secret\n    desks: {returns: 3}\n");
            awaitTrue("queues.conf and pjsip.conf re-rendered", () -> changedSince(rendered).equals(List.of("pjsip.conf", "queues.conf")));
            awaitTrue("Asterisk reloaded res_pjsip and app_queue", () -> reloaded(reloads, "res_pjsip") && reloaded(reloads, "app_queue"));
            assertTrue(read("queues.conf").contains("[desk-returns]"), "rendered queues.conf has the new desk's queue");
            assertTrue(read("pjsip.conf").contains("[2103]"), "rendered pjsip.conf has the new agent");
            assertTrue(reloads.stream().allMatch(r -> r.contains("res_pjsip") || r.contains("app_queue")),
                    "only the changed modules are reloaded, no dialplan, manager or voicemail reload: " + reloads);

            awaitTrue("Asterisk knows desk-returns", () -> cli("queue show desk-returns").contains("desk-returns has"));
            awaitTrue("2102 at penalty 1", () -> memberLine("ascc-fallback", "2102").contains("with penalty 1"));
            assertTrue(memberLine("ascc-fallback", "2103").contains("with penalty 2"), memberLine("ascc-fallback", "2103"));
            awaitTrue("endpoint 2103", () -> cli("pjsip show endpoint 2103").contains("Endpoint:  2103"));

            // an invalid edit: refused with file:line:key, no rendered file changes, Asterisk is not asked to reload anything
            Map<String, String> good = snapshot();
            String validDesks = Files.readString(desks);
            reloads.clear();
            Files.writeString(desks, validDesks.replace("wrap-up-seconds: 0", "wrap-up-seconds: 9999"));
            HttpResponse<String> refused = InboundRoutingIT.reload(engine);
            assertEquals(422, refused.statusCode(), refused.body());
            assertTrue(PROBLEM_LINE.matcher(refused.body()).find(), "problem with file:line: key: " + refused.body());
            Thread.sleep(1500); // the watcher's own (refused) reload of the same edit runs 500 ms after the write
            assertEquals(good, snapshot(), "no rendered file changed");
            assertEquals(List.of(), reloads, "no reload sent to Asterisk");
            assertTrue(cli("queue show desk-returns").contains("desk-returns has"), "Asterisk keeps the running config");

            // back to the IT config: the desk and the agent are gone from Asterisk again
            Files.writeString(desks, desksBefore);
            Files.writeString(agents, agentsBefore);
            awaitTrue("rendered files back to the IT config", () -> snapshot().equals(rendered));
            awaitTrue("desk-returns gone", () -> cli("queue show desk-returns").contains("No such queue"));
            awaitTrue("2102 back at penalty 3", () -> memberLine("ascc-fallback", "2102").contains("with penalty 3"));
        } finally {
            restoreItConfig();
        }
    }

    /** Whatever happened, leave Asterisk with the IT config the other ITs expect. */
    private static void restoreItConfig() throws Exception {
        List<String> changed = new AsteriskConfigRenderer(RealStack.config()).writeTo(ASTERISK_ETC);
        for (String file : changed) {
            String reload = switch (file) {
                case "pjsip.conf" -> "module reload res_pjsip.so";
                case "queues.conf" -> "module reload app_queue.so";
                case "extensions.conf" -> "dialplan reload";
                default -> "core reload";
            };
            cli(reload);
        }
    }

    private static boolean reloaded(List<String> reloads, String module) {
        return reloads.stream().anyMatch(r -> r.contains(module));
    }

    /** The line of {@code queue show QUEUE} naming the agent's PJSIP interface, or "" . */
    static String memberLine(String queue, String agent) {
        for (String line : cli("queue show " + queue).split("\n")) {
            if (line.contains("(PJSIP/" + agent + " ") || line.contains("(PJSIP/" + agent + ")")) {
                return line;
            }
        }
        return "";
    }

    static String cli(String command) {
        try {
            return RealStack.asteriskCli(command);
        } catch (IOException e) {
            throw new IllegalStateException("asterisk-cli '" + command + "' failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during asterisk-cli '" + command + "'", e);
        }
    }

    private static String read(String file) throws IOException {
        return Files.readString(ASTERISK_ETC.resolve(file));
    }

    /** The content of every file the renderer writes, as it is now in Asterisk's directory. */
    private static Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        for (String f : List.of(AsteriskConfigRenderer.PJSIP_CONF, AsteriskConfigRenderer.EXTENSIONS_CONF,
                AsteriskConfigRenderer.QUEUES_CONF, AsteriskConfigRenderer.MANAGER_CONF, AsteriskConfigRenderer.VOICEMAIL_CONF)) {
            try {
                out.put(f, read(f));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + ASTERISK_ETC.resolve(f), e);
            }
        }
        return out;
    }

    private static List<String> changedSince(Map<String, String> before) {
        Map<String, String> now = snapshot();
        List<String> changed = new ArrayList<>();
        now.forEach((f, content) -> {
            if (!content.equals(before.get(f))) {
                changed.add(f);
            }
        });
        return changed;
    }
}
