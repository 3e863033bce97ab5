package ascc.core.happycall;

import ascc.recordings.RecordingsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
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
        Optional<String> found = find(company, prompt);
        if (found.isPresent()) {
            return found.get();
        }
        RecordingsConfig cfg = config.get();
        if (warned.add(company + "/" + prompt)) {
            LOG.warn("happy-call prompt '{}' of company {} is not installed (not in {} nor a core sound); playing {} instead", prompt,
                    company, cfg.promptsEngineDir().resolve(company).resolve(cfg.defaultLanguage()), FALLBACK);
        }
        return FALLBACK;
    }

    /**
     * The sound of prompt name {@code prompt} of {@code company}: its own recording (as Asterisk sees it), else an Asterisk
     * core sound of that name; empty when neither is installed. Also used by self-service for its prompts and FAQ answers.
     */
    public Optional<String> find(String company, String prompt) {
        RecordingsConfig cfg = config.get();
        String lang = cfg.defaultLanguage();
        if (company != null && exists(cfg.promptsEngineDir().resolve(company).resolve(lang), prompt)) {
            return Optional.of(cfg.promptsAsteriskDir() + "/" + company + "/" + lang + "/" + prompt);
        }
        Path core = cfg.coreSounds().get(lang);
        if (core != null && exists(core, prompt)) {
            return Optional.of(prompt);
        }
        return Optional.empty();
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
