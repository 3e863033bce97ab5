package ascc.recordings;

import ascc.routing.config.TokenHash;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One company's part of recordings.yaml.
 *
 * @param companyId company id (as in companies.yaml)
 * @param token hash of the bearer token that fetches this company's recordings only; empty: only the admin token does
 * @param retentionDays recordings older than this many days are deleted
 * @param policy what is recorded
 * @param prompts language to the prompts this company recorded itself (files under the prompts directory)
 */
public record CompanyRecordings(String companyId, Optional<TokenHash> token, int retentionDays, RecordingPolicy policy,
        Map<String, Set<PromptName>> prompts) {

    public CompanyRecordings {
        java.util.Objects.requireNonNull(token, "token (Optional.empty() for none)");
        Map<String, Set<PromptName>> copy = new java.util.TreeMap<>();
        prompts.forEach((lang, set) -> copy.put(lang, Set.copyOf(set)));
        prompts = java.util.Collections.unmodifiableMap(copy);
    }

    public boolean has(String language, PromptName prompt) {
        Set<PromptName> set = prompts.get(language);
        return set != null && set.contains(prompt);
    }
}
