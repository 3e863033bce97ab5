package ascc.recordings;

import ascc.routing.config.TokenHash;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * recordings.yaml, validated and immutable: where prompts and recordings live (as the engine and as Asterisk see
 * them), the default prompt set, and each company's prompts, recording policy, retention and access token.
 *
 * @param promptsEngineDir company prompts root as the engine sees it ({@code <company>/<lang>/<prompt>.<ext>} below it)
 * @param promptsAsteriskDir the same directory as Asterisk sees it
 * @param defaultLanguage language used when the call has no other
 * @param coreSounds language to Asterisk's own sound package directory, as the engine sees it
 * @param defaults prompt to the core sound name played when a company has no own prompt (empty: nothing is played)
 * @param recordingsEngineDir recordings root as the engine sees it
 * @param recordingsAsteriskDir the same directory as Asterisk sees it
 * @param retentionCheckMinutes how often the retention job runs
 * @param companies company id to its settings; companies not listed record nothing and use the defaults
 */
public record RecordingsConfig(Path promptsEngineDir, String promptsAsteriskDir, String defaultLanguage, Map<String, Path> coreSounds,
        Map<PromptName, String> defaults, Path recordingsEngineDir, String recordingsAsteriskDir, int retentionCheckMinutes,
        Map<String, CompanyRecordings> companies) {

    /** Sound file extensions Asterisk plays, in the order a check looks for them. */
    public static final List<String> SOUND_EXTENSIONS = List.of("wav", "WAV", "gsm", "ulaw", "alaw", "sln", "g722", "g729");

    /** Default retention when a company sets none. */
    public static final int DEFAULT_RETENTION_DAYS = 90;

    public RecordingsConfig {
        coreSounds = Collections.unmodifiableMap(new LinkedHashMap<>(coreSounds));
        EnumMap<PromptName, String> d = new EnumMap<>(PromptName.class);
        d.putAll(defaults);
        defaults = Collections.unmodifiableMap(d);
        companies = Collections.unmodifiableMap(new LinkedHashMap<>(companies));
    }

    /** Built-in default prompt set: Asterisk core sounds (package asterisk-core-sounds-en). */
    public static Map<PromptName, String> builtInDefaults() {
        Map<PromptName, String> m = new EnumMap<>(PromptName.class);
        m.put(PromptName.GREETING, "beep");
        m.put(PromptName.CLOSED, "ss-noservice");
        m.put(PromptName.INVALID, "invalid");
        m.put(PromptName.CATEGORY_MENU, "");
        m.put(PromptName.INQUIRY_MENU, "");
        m.put(PromptName.CONSENT, "conf-now-recording");
        m.put(PromptName.SURVEY_INTRO, "beep");
        m.put(PromptName.SURVEY_QUESTION_1, "beep");
        m.put(PromptName.SURVEY_QUESTION_2, "beep");
        m.put(PromptName.SURVEY_QUESTION_3, "beep");
        m.put(PromptName.SURVEY_THANKS, "auth-thankyou");
        return m;
    }

    /** What the engine uses without a recordings.yaml: core prompts, nothing recorded. */
    public static RecordingsConfig defaultsOnly(Path soundsEngineDir, String soundsAsteriskDir, Path recordingsEngineDir,
            String recordingsAsteriskDir) {
        return new RecordingsConfig(soundsEngineDir, soundsAsteriskDir, "en", Map.of(), builtInDefaults(), recordingsEngineDir,
                recordingsAsteriskDir, 60, Map.of());
    }

    public Optional<CompanyRecordings> company(String companyId) {
        return Optional.ofNullable(companyId == null ? null : companies.get(companyId));
    }

    /**
     * The sound to play for {@code prompt}: the company's own file (absolute path as Asterisk sees it, without extension)
     * in {@code language}, else in the default language, else the default core sound (may be empty: play nothing).
     */
    public String prompt(String companyId, String language, PromptName prompt) {
        Optional<CompanyRecordings> c = company(companyId);
        if (c.isPresent()) {
            for (String lang : language == null || language.equals(defaultLanguage)
                    ? List.of(defaultLanguage) : List.of(language, defaultLanguage)) {
                if (c.get().has(lang, prompt)) {
                    return promptsAsteriskDir + "/" + companyId + "/" + lang + "/" + prompt.id();
                }
            }
        }
        return defaults.getOrDefault(prompt, "");
    }

    /** The company's own prompt file without extension, as the engine sees it. */
    public Path companyPromptBase(String companyId, String language, PromptName prompt) {
        return promptsEngineDir.resolve(companyId).resolve(language).resolve(prompt.id());
    }

    /**
     * Whether and how a call is recorded: empty when the company's policy (for that desk) does not record it.
     *
     * @param at when the call was routed (its date names the directory, in {@code zone})
     */
    public Optional<RecordingPlan> plan(String companyId, String deskId, String linkedId, boolean inbound, Instant at, ZoneId zone) {
        Optional<CompanyRecordings> c = company(companyId);
        if (c.isEmpty() || !c.get().policy().records(deskId, inbound)) {
            return Optional.empty();
        }
        String rel = RecordingPaths.relative(companyId, linkedId, at, zone);
        Optional<String> consent = c.get().policy().consent()
                ? Optional.of(prompt(companyId, defaultLanguage, PromptName.CONSENT)).filter(s -> !s.isEmpty())
                : Optional.empty();
        return Optional.of(new RecordingPlan(companyId, linkedId, recordingsAsteriskDir + "/" + rel,
                recordingsEngineDir.resolve(rel), consent));
    }

    /**
     * Finds the company whose token this is: the token is hashed once and compared with every company's hash in constant
     * time (all of them, no early exit). Tokens are unique (the loader refuses two companies with one), so at most one
     * matches. Empty for none.
     */
    public Optional<String> companyByToken(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = TokenHash.digest(token);
        String found = null;
        for (CompanyRecordings c : companies.values()) {
            if (c.token().isPresent() && c.token().get().matchesDigest(presented) && found == null) {
                found = c.companyId();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Retention of a company; companies without settings keep {@link #DEFAULT_RETENTION_DAYS}. */
    public int retentionDays(String companyId) {
        return company(companyId).map(CompanyRecordings::retentionDays).orElse(DEFAULT_RETENTION_DAYS);
    }
}
