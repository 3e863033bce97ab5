package ascc.routing.selfservice;

import java.util.Objects;

/**
 * One recorded answer of a company's FAQ menu.
 *
 * @param id unique within the company, recorded on the call as {@code faq:<id>}
 * @param prompt the recording: a prompt name of the company's prompt set ({@code <prompts dir>/<company>/<language>/<prompt>.wav}),
 *     else an Asterisk core sound of that name
 * @param title the prompt naming the item in the menu ("for how to reset the device"), played before its digit; null: the
 *     digit only
 */
public record FaqItem(String id, String prompt, String title) {
    public FaqItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
    }

    /** The item as recorded on the call. */
    public String visitId() {
        return SelfServiceMenu.FAQ_PREFIX + id;
    }
}
