package ascc.core.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;

/** Properties of the call records' log masker over generated numbers (fixed seed). */
class PhoneMaskPropertyTest {

    @Property(tries = 2000, seed = "20261206")
    void maskKeepsTheLengthAndRevealsAtMostFiveDigits(@ForAll @NumericChars @StringLength(min = 1, max = 64) String number) {
        String masked = PhoneMask.mask(number);
        assertEquals(number.length(), masked.length(), masked);
        assertTrue(masked.chars().filter(Character::isDigit).count() <= 5, () -> "too many digits shown: " + masked);
    }
}
