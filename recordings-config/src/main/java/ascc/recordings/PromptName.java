package ascc.recordings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The prompts a company may record in its own voice; each has a default Asterisk core sound. */
public enum PromptName {
    GREETING,
    CLOSED,
    INVALID,
    CATEGORY_MENU,
    INQUIRY_MENU,
    CONSENT,
    SURVEY_INTRO,
    SURVEY_QUESTION_1,
    SURVEY_QUESTION_2,
    SURVEY_QUESTION_3,
    SURVEY_THANKS;

    /** The id used in recordings.yaml and as the file name: {@code survey-question-1}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<PromptName> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
    }

    /** Every id, comma-separated, for "allowed: ..." messages. */
    public static String allowed() {
        return Arrays.stream(values()).map(PromptName::id).collect(Collectors.joining(", "));
    }
}
