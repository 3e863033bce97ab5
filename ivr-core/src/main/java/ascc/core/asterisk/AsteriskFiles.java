package ascc.core.asterisk;

import ascc.core.ami.AmiClient;
import ascc.routing.config.CenterConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Asterisk's configuration in step with {@code conf/} when the engine manages it
 * ({@code asterisk.config-dir} in engine.yaml): renders at start and after each reload, writes only the
 * files that changed, and asks Asterisk over AMI to reload exactly those parts (once AMI is connected). With several
 * boxes there is one per box whose {@code config-dir} is set: its files, reloaded over its own link.
 */
public final class AsteriskFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AsteriskFiles.class);

    private final Path dir;
    private final AmiClient ami;
    private final Set<String> pendingReloads = ConcurrentHashMap.newKeySet();
    /** The box whose files these are ({@link AsteriskConfigRenderer#forBox}); null: the first (or only) box. */
    private final String box;

    public AsteriskFiles(String dir, AmiClient ami) {
        this(dir, ami, null);
    }

    /** Box {@code box}'s files (null: the first box's) in {@code dir}, reloaded over {@code ami}, that box's link. */
    public AsteriskFiles(String dir, AmiClient ami, String box) {
        this.dir = dir == null || dir.isBlank() ? null : Path.of(dir);
        this.ami = ami;
        this.box = box;
        if (this.dir != null) {
            ami.onResync(this::reloadPending);
        }
    }

    /** Renders {@code cfg} into the managed directory; a no-op when Asterisk's files are not managed. */
    public void render(CenterConfig cfg) {
        if (dir == null) {
            return;
        }
        try {
            AsteriskConfigRenderer renderer = box == null ? new AsteriskConfigRenderer(cfg) : AsteriskConfigRenderer.forBox(cfg, box);
            List<String> changed = renderer.writeTo(dir);
            if (!changed.isEmpty()) {
                LOG.info("Asterisk config{} in {}: changed {}", box == null ? "" : " of box " + box, dir, changed);
                pendingReloads.addAll(changed);
                reloadPending();
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("could not render Asterisk config into {}; Asterisk keeps its current config", dir, e);
        }
    }

    /**
     * AMI rejected the engine's login: Asterisk may still run an old {@code manager.conf} (the secret changed). When the
     * engine manages Asterisk's files, the rendered one has the engine's secret, so {@code manager reload} is asked through
     * Asterisk's control socket (no AMI needed; runs on a virtual thread); when that is not possible the log says exactly
     * what to run. The AMI client retries its login with backoff either way.
     */
    public void loginRejected() {
        if (dir == null) {
            LOG.error("AMI login rejected and Asterisk's files are not managed by this engine: make ami.secret in engine.yaml and"
                    + " the secret in Asterisk's manager.conf equal, then run: {}", AsteriskConsole.byHand("manager reload"));
            return;
        }
        AsteriskConsole console = AsteriskConsole.besideConfig(dir);
        Thread.ofVirtual().name("asterisk-console").start(() -> {
            try {
                String who = console.run("manager reload", java.time.Duration.ofSeconds(3));
                pendingReloads.remove("manager.conf");
                LOG.warn("AMI login rejected: asked Asterisk ({}) over {} to run 'manager reload' of the rendered {}; the next login"
                        + " try should succeed", who, console.socket(), dir.resolve("manager.conf"));
            } catch (IOException e) {
                LOG.error("AMI login rejected and 'manager reload' could not be sent over {} ({}); run on the Asterisk host: {}"
                        + " (the sandbox: ivr-core/bin/sandbox asterisk-cli 'manager reload')", console.socket(), e.getMessage(),
                        AsteriskConsole.byHand("manager reload"));
            }
        });
    }

    /** The Asterisk CLI command that reloads what one rendered file configures; null when only a restart applies it. */
    static String reloadCommand(String file) {
        return switch (file) {
            case "asterisk.conf", AsteriskConfigRenderer.SIP_ADMISSION_CFG -> null;
            case "rtp.conf" -> "module reload res_rtp_asterisk.so";
            case "pjsip.conf" -> "module reload res_pjsip.so";
            case "extensions.conf" -> "dialplan reload";
            case "queues.conf" -> "module reload app_queue.so";
            case "manager.conf" -> "manager reload";
            case "voicemail.conf" -> "module reload app_voicemail.so";
            default -> "core reload";
        };
    }

    /** Whether the CLI output of a reload command says it did not work (module not found, not reloaded, error). */
    static boolean reloadFailed(List<String> output) {
        String text = String.join("\n", output).toLowerCase(Locale.ROOT);
        return text.contains("unable") || text.contains("fail") || text.contains("error") || text.contains("not found")
                || text.contains("no such") || text.contains("not properly initialized");
    }

    private void reloadPending() {
        if (!ami.isConnected()) {
            return; // retried by the resync hook after (re)connecting
        }
        for (String file : List.copyOf(pendingReloads)) {
            String cli = reloadCommand(file);
            if (cli == null) {
                pendingReloads.remove(file);
                LOG.warn("{} is read only when {} starts: restart it to apply the new call limits", file,
                        file.equals(AsteriskConfigRenderer.SIP_ADMISSION_CFG) ? "the SIP admission front (Kamailio)" : "Asterisk");
                continue;
            }
            ami.command(cli).whenComplete((out, err) -> {
                if (err != null) {
                    LOG.warn("Asterisk '{}' for {} failed; will retry after the next AMI (re)connect", cli, file, err);
                    return;
                }
                pendingReloads.remove(file);
                if (reloadFailed(out)) {
                    LOG.error("Asterisk '{}' for {} reported a failure; Asterisk may still run the previous {}: {}", cli, file, file,
                            String.join(" | ", out));
                } else {
                    LOG.info("Asterisk reloaded {} ({}): {}", file, cli, String.join(" | ", out));
                }
            });
        }
    }
}
