package ascc.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** Properties of {@link Phones#mask} over generated numbers (fixed seed: the unit suite is repeatable). */
class PhonesPropertyTest {

    @Property(tries = 2000, seed = "20261206")
    void maskKeepsTheLengthAndRevealsAtMostFiveDigits(@ForAll @NumericChars @StringLength(min = 1, max = 64) String number) {
        String masked = Phones.mask(number);
        assertEquals(number.length(), masked.length(), masked);
        long shown = masked.chars().filter(Character::isDigit).count();
        assertTrue(shown <= 5, () -> "too many digits shown: " + masked);
        assertTrue(number.length() < 10 || shown * 2 <= number.length(), () -> "half a phone number is shown: " + masked);
    }
}
