package ascc.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The shipped {@code conf/} copied into a test directory, with a fake sandbox holding the prompts recordings.yaml needs. */
public final class ShippedConf {
    public static final Path SHIPPED = Path.of("../conf");
    /** The core sounds the shipped recordings.yaml uses as default prompts. */
    private static final List<String> SOUNDS = List.of("beep", "ss-noservice", "invalid", "conf-now-recording", "auth-thankyou");

    private ShippedConf() {
    }

    /**
     * Copies every file of {@link Conf#FILES} into {@code conf} and builds a fake Asterisk root under {@code sandbox}.
     *
     * @return the environment to load {@code conf} with ({@code ASCC_SANDBOX} set to {@code sandbox})
     */
    public static Map<String, String> copy(Path conf, Path sandbox) throws IOException {
        for (String file : Conf.FILES) {
            Files.copy(SHIPPED.resolve(file), conf.resolve(file));
        }
        Path root = sandbox.resolve("asterisk-root");
        Path core = Files.createDirectories(root.resolve("usr/share/asterisk/sounds/en_US_f_Allison"));
        for (String s : SOUNDS) {
            Files.writeString(core.resolve(s + ".wav"), "RIFF....WAVE");
        }
        Files.createDirectories(root.resolve("var/lib/asterisk/sounds/ascc"));
        Files.createDirectories(root.resolve("var/spool/asterisk/monitor/ascc"));
        Map<String, String> env = new HashMap<>();
        env.put("ASCC_SANDBOX", sandbox.toString());
        return env;
    }
}
