package ascc.routing.selfservice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.routing.config.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SelfServiceMenuTest {
    private static final FaqItem RESET = new FaqItem("reset", "faq-reset", null);
    private static final FaqItem FILTER = new FaqItem("filter", "faq-filter", "faq-filter-title");

    private static CompanySelfService company(boolean cases, boolean hours, List<FaqItem> faq) {
        return new CompanySelfService("hanbit", true, cases, hours, Map.of(Category.HOME_APPLIANCES, faq));
    }

    @Test
    void entriesAreCaseLookupThenHoursThenTheCategorysFaqInOrder() {
        SelfServiceMenu m = SelfServiceMenu.of(company(true, true, List.of(RESET, FILTER)), Category.HOME_APPLIANCES);
        assertEquals(List.of("1:CASE_LOOKUP", "2:HOURS", "3:FAQ", "4:FAQ"),
                m.entries().stream().map(e -> e.digit() + ":" + e.kind()).toList());
        assertEquals("faq:filter", m.entry("4").orElseThrow().visitId());
        assertEquals(List.of("1:HOURS"), SelfServiceMenu.of(company(false, true, List.of(RESET)), Category.KITCHEN_APPLIANCES)
                .entries().stream().map(e -> e.digit() + ":" + e.kind()).toList(), "another category has no FAQ items");
    }

    @Test
    void zeroAndSilenceGoToAnAgentAtOnce() {
        SelfServiceMenu m = SelfServiceMenu.of(company(true, true, List.of(RESET)), Category.HOME_APPLIANCES);
        assertInstanceOf(SelfServiceMenu.ToAgent.class, m.session().next("0"));
        assertInstanceOf(SelfServiceMenu.ToAgent.class, m.session().next(null));
        assertInstanceOf(SelfServiceMenu.Play.class, m.session().next("3"));
        assertInstanceOf(SelfServiceMenu.Invalid.class, m.session().next("7"));
        assertInstanceOf(SelfServiceMenu.Invalid.class, m.session().next(""));
    }

    @Test
    void anEmptyMenuStillOffersTheAgent() {
        SelfServiceMenu m = SelfServiceMenu.of(company(false, false, List.of()), Category.HOME_APPLIANCES);
        assertEquals(List.of(), m.entries());
        assertInstanceOf(SelfServiceMenu.ToAgent.class, m.session().next("0"));
    }

    @Provide
    Arbitrary<List<String>> answers() {
        Arbitrary<String> one = Arbitraries.oneOf(Arbitraries.of("1", "2", "3", "4", "5", "9", "*", "#", "", "12", "0", "01"),
                Arbitraries.just((String) null), Arbitraries.strings().withChars("0123456789*#").ofMaxLength(4));
        return one.list().ofMinSize(0).ofMaxSize(20);
    }

    /**
     * A caller is never trapped: whatever they key, every session reaches an agent within MAX_ROUNDS + 1 answers; a 0 or
     * silence reaches one at that answer.
     */
    @Property(tries = 1000, seed = "20261206")
    void everySessionReachesAnAgentWithinTheRoundLimit(@ForAll("answers") List<String> keyed, @ForAll boolean cases,
            @ForAll boolean hours) {
        SelfServiceMenu m = SelfServiceMenu.of(company(cases, hours, List.of(RESET, FILTER)), Category.HOME_APPLIANCES);
        SelfServiceMenu.Session s = m.session();
        List<String> input = new ArrayList<>(keyed);
        for (int i = 0; i <= SelfServiceMenu.MAX_ROUNDS; i++) {
            input.add("7"); // a caller who keeps keying an invalid digit
        }
        int answers = 0;
        for (String key : input) {
            answers++;
            SelfServiceMenu.Step step = s.next(key);
            if (step instanceof SelfServiceMenu.ToAgent) {
                break;
            }
            assertTrue(key != null && !key.startsWith("0"), "0 or silence must go to an agent: " + key);
        }
        assertTrue(answers <= SelfServiceMenu.MAX_ROUNDS + 1, "reached an agent after " + answers + " answers: " + keyed);
    }
}
