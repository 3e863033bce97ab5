package ascc.core.happycall;

import ascc.recordings.RecordingsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the sound file of a happy-call prompt name (campaigns.yaml) of a company: the company's own recording
 * {@code <prompts dir>/<company>/<language>/<prompt>.<ext>} when it is installed, else an Asterisk core sound of that
 * name (e.g. {@code beep}), else {@code beep} with a warning (a missing file would end the call: STREAM FILE fails).
 */
public final class HappyCallPrompts implements BiFunction<String, String, String> {
    private static final Logger LOG = LoggerFactory.getLogger(HappyCallPrompts.class);
    static final String FALLBACK = "beep";

    private final Supplier<RecordingsConfig> config;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public HappyCallPrompts(Supplier<RecordingsConfig> config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String apply(String company, String prompt) {
        RecordingsConfig cfg = config.get();
        String lang = cfg.defaultLanguage();
        if (exists(cfg.promptsEngineDir().resolve(company).resolve(lang), prompt)) {
            return cfg.promptsAsteriskDir() + "/" + company + "/" + lang + "/" + prompt;
        }
        Path core = cfg.coreSounds().get(lang);
        if (core != null && exists(core, prompt)) {
            return prompt;
        }
        if (warned.add(company + "/" + prompt)) {
            LOG.warn("happy-call prompt '{}' of company {} is not installed (not in {} nor a core sound); playing {} instead", prompt,
                    company, cfg.promptsEngineDir().resolve(company).resolve(lang), FALLBACK);
        }
        return FALLBACK;
    }

    private static boolean exists(Path dir, String name) {
        for (String ext : RecordingsConfig.SOUND_EXTENSIONS) {
            if (Files.isRegularFile(dir.resolve(name + "." + ext))) {
                return true;
            }
        }
        return false;
    }
}
