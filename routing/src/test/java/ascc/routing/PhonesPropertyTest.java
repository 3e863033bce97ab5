package ascc.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.testsupport.fuzz.FuzzTries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** Properties of the masking policy over generated numbers and text (fixed seed: the unit suite is repeatable). */
@Tag("fuzz")
@AddLifecycleHook(FuzzTries.class)
class PhonesPropertyTest {

    @Property(tries = 2000, seed = "20261206")
    void maskKeepsTheLengthAndRevealsAtMostFiveDigits(@ForAll @NumericChars @StringLength(min = 1, max = 64) String number) {
        String masked = Phones.mask(number);
        assertEquals(number.length(), masked.length(), masked);
        long shown = masked.chars().filter(Character::isDigit).count();
        assertTrue(shown <= 5, () -> "too many digits shown: " + masked);
        assertTrue(number.length() < 10 || shown * 2 <= number.length(), () -> "half a phone number is shown: " + masked);
    }

    /** A Korean customer's number in any of the formats people and systems write. */
    @Provide
    Arbitrary<String> formattedNumbers() {
        Arbitrary<String> body = Arbitraries.strings().numeric().ofLength(8);
        Arbitrary<String> prefix = Arbitraries.of("010", "011", "016", "019", "02", "031", "051", "070");
        Arbitrary<String> style = Arbitraries.of("plain", "dash", "space", "dot", "plus", "plusdash", "paren", "82");
        return Combinators.combine(prefix, body, style).as((p, b, s) -> {
            String mid = b.substring(0, 4);
            String end = b.substring(4);
            String national = p.substring(1);
            return switch (s) {
                case "plain" -> p + mid + end;
                case "dash" -> p + "-" + mid + "-" + end;
                case "space" -> p + " " + mid + " " + end;
                case "dot" -> p + "." + mid + "." + end;
                case "plus" -> "+82" + national + mid + end;
                case "plusdash" -> "+82-" + national + "-" + mid + "-" + end;
                case "paren" -> "(" + p + ") " + mid + "-" + end;
                default -> "82" + national + mid + end;
            };
        });
    }

    @Property(tries = 2000, seed = "20261206")
    void noNumberSurvivesInFreeText(@ForAll("formattedNumbers") String number,
            @ForAll @StringLength(max = 12) String before, @ForAll @StringLength(max = 12) String after) {
        String text = "caller " + number + " [" + before + "] " + after;
        String masked = Phones.maskText(text);
        String digits = Phones.nationalDigits(number);
        String shownDigits = masked.replaceAll("[^0-9]", "");
        assertFalse(Phones.nationalDigits(masked).contains(digits.substring(1)), () -> "leaked: " + masked);
        assertTrue(shownDigits.length() <= 5 + (before + after).replaceAll("[^0-9]", "").length(), masked);
    }

    @Property(tries = 2000, seed = "20261206")
    void maskTextNeverThrowsAndKeepsTheLength(@ForAll @StringLength(max = 200) String text) {
        String masked = Phones.maskText(text);
        assertEquals(text.length(), masked.length());
    }
}
