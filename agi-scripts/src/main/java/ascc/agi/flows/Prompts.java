package ascc.agi.flows;

import ascc.recordings.PromptName;
import ascc.recordings.RecordingsConfig;
import ascc.routing.InquiryType;
import ascc.routing.config.Category;
import ascc.routing.config.Company;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Every prompt (sound file name, without extension) the inbound flow plays, in one place. Center prompts live
 * under {@code ascc/}; until a prompt is recorded and installed ({@code available} says which are), an Asterisk
 * core sound stands in. Menus are several files joined with {@code &}, which GET DATA plays in turn.
 * With {@link #perCompany} the company's own prompt set (recordings.yaml) is used where it has one, in the center's
 * default language, falling back to the default set (Asterisk core sounds).
 */
public final class Prompts {
    /** Core sound: the center is closed. */
    public static final String CLOSED = "ss-noservice";
    /** Core sound: the input was not valid, try again. */
    public static final String INVALID = "invalid";
    /** Core sound standing in for prompts not recorded yet. */
    public static final String BEEP = "beep";
    /** "Please key in your company's code, then hash." */
    public static final String COMPANY_CODE = "ascc/menu/company-code";
    /** "Which product is your call about?" (followed by the categories). */
    public static final String CATEGORY_MENU = "ascc/menu/category";
    /** "What is your call about?" (followed by the inquiry types). */
    public static final String INQUIRY_MENU = "ascc/menu/inquiry";
    /** After hours: "To be called back when we open, press 1." */
    public static final String CALLBACK_OFFER = "ascc/menu/callback-offer";
    /** After hours: "We will call you on (number). Press 1 if right, 2 for another number." */
    public static final String CALLBACK_CONFIRM = "ascc/menu/callback-confirm";
    /** After hours: "Key in the number to call back, then hash." */
    public static final String CALLBACK_NUMBER = "ascc/menu/callback-number";
    /** Asterisk core sound "Thank you." */
    public static final String THANKS = "auth-thankyou";

    private final Predicate<String> available;
    /** Per-company prompt sets, or null. */
    private final Supplier<RecordingsConfig> sets;

    private Prompts(Predicate<String> available, Supplier<RecordingsConfig> sets) {
        this.available = Objects.requireNonNull(available, "available");
        this.sets = sets;
    }

    private Prompts(Predicate<String> available) {
        this(available, null);
    }

    /** Each company's own prompts from recordings.yaml (read at each call: a reload applies to the next call), else defaults. */
    public static Prompts perCompany(Supplier<RecordingsConfig> sets) {
        return new Prompts(name -> false, Objects.requireNonNull(sets, "sets"));
    }

    /** The company's prompt from its set, or null without per-company sets. Empty means: play nothing. */
    private String fromSet(Company company, PromptName prompt) {
        if (sets == null) {
            return null;
        }
        RecordingsConfig cfg = sets.get();
        return cfg.prompt(company == null ? null : company.id(), cfg.defaultLanguage(), prompt);
    }

    /** Only Asterisk core sounds (no center prompt installed yet). */
    public static Prompts coreOnly() {
        return new Prompts(name -> false);
    }

    /** Center prompts for which {@code available} is true, core sounds for the rest. */
    public static Prompts of(Predicate<String> available) {
        return new Prompts(available);
    }

    /** The company's greeting, {@code ascc/<company-id>/greeting}. */
    public static String greetingName(Company company) {
        return "ascc/" + company.id() + "/greeting";
    }

    /** A category's name, {@code ascc/category/<category-id>}. */
    public static String categoryName(Category category) {
        return "ascc/category/" + category.id();
    }

    /** An inquiry type's name, {@code ascc/inquiry/<type-id>}. */
    public static String inquiryName(InquiryType type) {
        return "ascc/inquiry/" + type.id();
    }

    /** Asks for the company code. */
    public String companyCode() {
        return orElse(COMPANY_CODE, BEEP);
    }

    /** Confirms the company the caller keyed in. */
    public String greeting(Company company) {
        String own = fromSet(company, PromptName.GREETING);
        if (own != null && !own.isEmpty()) {
            return own;
        }
        return orElse(greetingName(company), BEEP);
    }

    public String invalid() {
        return INVALID;
    }

    public String closed() {
        return CLOSED;
    }

    /** "To be called back when we open, press 1." */
    public String callbackOffer() {
        return orElse(CALLBACK_OFFER, BEEP);
    }

    /** "We will call you on this number (digits follow). Press 1 if it is right, 2 to key in another." */
    public String callbackConfirm() {
        return orElse(CALLBACK_CONFIRM, BEEP);
    }

    /** "Key in the number to call back, then hash." */
    public String callbackNumber() {
        return orElse(CALLBACK_NUMBER, BEEP);
    }

    /** "Thank you." */
    public String thanks() {
        return THANKS;
    }

    /** The company's closed message (its own, else the default). */
    public String closed(Company company) {
        String own = fromSet(company, PromptName.CLOSED);
        return own == null || own.isEmpty() ? CLOSED : own;
    }

    /** "Press 1 for <first category>, 2 for <second>...", in the company's enrolled order. */
    public String categoryMenu(Company company) {
        List<String> files = new ArrayList<>();
        addIntro(files, company, PromptName.CATEGORY_MENU, CATEGORY_MENU);
        List<Category> categories = company.categories();
        for (int i = 0; i < categories.size(); i++) {
            addIfAvailable(files, categoryName(categories.get(i)));
            files.add(digit(i + 1));
        }
        return String.join("&", files);
    }

    /** "Press 1 for fault or repair, 2 for how to use, 3 for purchase, 4 for anything else". */
    public String inquiryMenu(Company company) {
        List<String> files = new ArrayList<>();
        addIntro(files, company, PromptName.INQUIRY_MENU, INQUIRY_MENU);
        List<InquiryType> order = company.inquiryTypes();
        for (int i = 0; i < order.size(); i++) {
            addIfAvailable(files, inquiryName(order.get(i)));
            files.add(digit(i + 1));
        }
        return String.join("&", files);
    }

    private static String digit(int n) {
        return "digits/" + n;
    }

    private void addIntro(List<String> files, Company company, PromptName prompt, String centerName) {
        String own = fromSet(company, prompt);
        if (own != null && !own.isEmpty()) {
            files.add(own);
        } else {
            addIfAvailable(files, centerName);
        }
    }

    private void addIfAvailable(List<String> files, String name) {
        if (available.test(name)) {
            files.add(name);
        }
    }

    private String orElse(String name, String fallback) {
        return available.test(name) ? name : fallback;
    }
}
