package ascc.routing.campaign;

import java.util.Objects;

/**
 * One question of a campaign.
 *
 * @param id stable id the answers are stored under, e.g. {@code q1}
 * @param kind how it is answered
 * @param prompt name of the prompt that asks it (recordings.yaml resolves the file)
 */
public record Question(String id, QuestionKind kind, String prompt) {
    public Question {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(prompt, "prompt");
    }
}
