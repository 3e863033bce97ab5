package ascc.routing.selfservice;

import ascc.routing.config.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The self-service menu of one company and category, and the rules every caller's way through it follows (no I/O: the
 * flow plays what this says). Entries get the digits 1..9 in this order: the case lookup by case number (when the company
 * offers case status), the opening hours (when offered), then the category's FAQ items. <b>0 is always the agent</b>, and
 * so is silence: a menu that times out sends the caller to an agent. Invalid keys replay the menu; every answer counts
 * towards {@link #MAX_ROUNDS}, after which the caller goes to an agent whatever they press. So a caller is never trapped:
 * every session ends at an agent within {@link #MAX_ROUNDS} + 1 answers unless the caller hangs up (property-tested).
 */
public final class SelfServiceMenu {
    /** The key for an agent, in every menu. */
    public static final String AGENT_KEY = "0";
    /** Answers a session takes before it sends the caller to an agent anyway. */
    public static final int MAX_ROUNDS = 6;
    /** Most entries (digits 1..9). */
    public static final int MAX_ENTRIES = 9;
    /** Item ids recorded on the call. */
    public static final String CASE_STATUS = "case-status";
    public static final String CASE_LOOKUP = "case-lookup";
    public static final String HOURS = "hours";
    public static final String FAQ_PREFIX = "faq:";

    /** What an entry does. */
    public enum Kind {
        /** Asks for a case number and reads that case's status. */
        CASE_LOOKUP,
        /** Reads the opening hours from hours.yaml. */
        HOURS,
        /** Plays a recorded FAQ answer. */
        FAQ
    }

    /**
     * One entry.
     *
     * @param digit the key, "1".."9"
     * @param kind what it does
     * @param faq the FAQ item, for {@link Kind#FAQ}
     */
    public record Entry(String digit, Kind kind, FaqItem faq) {
        /** The item id recorded on the call when the caller hears it. */
        public String visitId() {
            return switch (kind) {
                case CASE_LOOKUP -> CASE_LOOKUP;
                case HOURS -> HOURS;
                case FAQ -> faq.visitId();
            };
        }
    }

    /** The next thing to do after an answer. */
    public sealed interface Step {
    }

    /** Go on to an agent; {@code why} is for the call's rule text. */
    public record ToAgent(String why) implements Step {
    }

    /** Play this entry, then the menu again. */
    public record Play(Entry entry) implements Step {
    }

    /** Say "invalid", then the menu again. */
    public record Invalid(String key) implements Step {
    }

    private final List<Entry> entries;

    private SelfServiceMenu(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The menu of {@code company} for a caller who chose {@code category} (null: none known). */
    public static SelfServiceMenu of(CompanySelfService company, Category category) {
        Objects.requireNonNull(company, "company");
        List<Entry> out = new ArrayList<>();
        if (company.caseStatus()) {
            out.add(new Entry(Integer.toString(out.size() + 1), Kind.CASE_LOOKUP, null));
        }
        if (company.hours()) {
            out.add(new Entry(Integer.toString(out.size() + 1), Kind.HOURS, null));
        }
        for (FaqItem f : company.faq(category)) {
            if (out.size() >= MAX_ENTRIES) {
                break;
            }
            out.add(new Entry(Integer.toString(out.size() + 1), Kind.FAQ, f));
        }
        return new SelfServiceMenu(out);
    }

    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> entry(String digit) {
        return entries.stream().filter(e -> e.digit().equals(digit)).findFirst();
    }

    /** A new session through this menu: one per call. */
    public Session session() {
        return new Session();
    }

    /** One caller's way through the menu; not thread-safe (one per call). */
    public final class Session {
        private int answers;

        private Session() {
        }

        /**
         * The step after the caller's answer to the menu.
         *
         * @param answer the keys, "" for a lone '#', or null when the caller pressed nothing before the timeout
         */
        public Step next(String answer) {
            answers++;
            if (answer == null) {
                return new ToAgent("self-service menu timed out");
            }
            if (answer.startsWith(AGENT_KEY)) {
                return new ToAgent("self-service menu: 0 for an agent");
            }
            if (answers > MAX_ROUNDS) {
                return new ToAgent("self-service menu: " + MAX_ROUNDS + " answers without an agent asked; sent to one anyway");
            }
            Optional<Entry> e = entry(answer);
            return e.isPresent() ? new Play(e.get()) : new Invalid(answer);
        }

        /** Answers given so far. */
        public int answers() {
            return answers;
        }
    }
}
