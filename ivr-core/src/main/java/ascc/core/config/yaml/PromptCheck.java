package ascc.core.config.yaml;

import ascc.recordings.CompanyRecordings;
import ascc.recordings.PromptName;
import ascc.recordings.RecordingsConfig;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Checks that every prompt the config refers to is a readable, non-empty sound file. */
public final class PromptCheck {
    /** Company shown for the default prompt set. */
    public static final String DEFAULT_SET = "(default)";

    /**
     * One referenced prompt.
     *
     * @param company company id, or {@link #DEFAULT_SET}
     * @param language language of the prompt
     * @param prompt which prompt
     * @param path the file found, or the base path looked for ({@code .<ext>} appended) when missing
     * @param problem what is wrong; empty when the file is fine
     */
    public record Result(String company, String language, PromptName prompt, Path path, Optional<String> problem) {
        public boolean ok() {
            return problem.isEmpty();
        }

        @Override
        public String toString() {
            return (ok() ? "ok       " : "PROBLEM  ") + company + " " + language + " " + prompt.id() + ": " + path
                    + problem.map(p -> " (" + p + ")").orElse("");
        }
    }

    private PromptCheck() {
    }

    /**
     * Looks for {@code base.<ext>} for every extension Asterisk plays; the first regular file found must be readable and
     * non-empty. Returns the problem (naming the path), or empty when fine.
     */
    public static Result find(String company, String language, PromptName prompt, Path base) {
        Path dir = base.getParent();
        String name = base.getFileName().toString();
        for (String ext : RecordingsConfig.SOUND_EXTENSIONS) {
            Path f = dir.resolve(name + "." + ext);
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS) || Files.exists(f)) {
                String problem = null;
                if (!Files.isRegularFile(f)) {
                    problem = "not a regular file";
                } else if (!Files.isReadable(f)) {
                    problem = "not readable";
                } else {
                    try {
                        if (Files.size(f) == 0) {
                            problem = "empty file";
                        }
                    } catch (java.io.IOException e) {
                        problem = "cannot read its size: " + e.getMessage();
                    }
                }
                return new Result(company, language, prompt, f, Optional.ofNullable(problem));
            }
        }
        return new Result(company, language, prompt, base, Optional.of("no file " + name + ".{"
                + String.join(",", RecordingsConfig.SOUND_EXTENSIONS) + "} in " + dir));
    }

    /** Every prompt referenced by {@code config}: defaults in each configured core language, then each company's own. */
    public static List<Result> all(RecordingsConfig config) {
        List<Result> out = new ArrayList<>();
        for (Map.Entry<String, Path> core : config.coreSounds().entrySet()) {
            for (Map.Entry<PromptName, String> d : config.defaults().entrySet()) {
                if (!d.getValue().isEmpty()) {
                    out.add(find(DEFAULT_SET, core.getKey(), d.getKey(), core.getValue().resolve(d.getValue())));
                }
            }
        }
        for (CompanyRecordings c : config.companies().values()) {
            for (Map.Entry<String, Set<PromptName>> lang : c.prompts().entrySet()) {
                for (PromptName p : lang.getValue()) {
                    out.add(find(c.companyId(), lang.getKey(), p, config.companyPromptBase(c.companyId(), lang.getKey(), p)));
                }
            }
        }
        return out;
    }
}
