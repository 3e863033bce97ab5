package ascc.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PhoneNumberTest {

    private static final String[] FORMATS = {
        "010-1234-5678, 01012345678",
        "01012345678, 01012345678",
        "010 1234 5678, 01012345678",
        "010.1234.5678, 01012345678",
        "(010) 1234-5678, 01012345678",
        "+82 10-1234-5678, 01012345678",
        "+82-10-1234-5678, 01012345678",
        "+82 (0)10 1234 5678, 01012345678",
        "+821012345678, 01012345678",
        "0082 10 1234 5678, 01012345678",
        "821012345678, 01012345678",
        "02-123-4567, 021234567",
        "02-1234-5678, 0212345678",
        "+82 2 1234 5678, 0212345678",
        "031-123-4567, 0311234567",
        "051-1234-5678, 05112345678",
        "070-1234-5678, 07012345678",
        "011-123-4567, 0111234567",
        "1588-1234, 15881234",
    };

    @Test
    void koreanFormatsNormaliseToNationalDigits() {
        for (String f : FORMATS) {
            String input = f.substring(0, f.lastIndexOf(',')).strip();
            String digits = f.substring(f.lastIndexOf(',') + 1).strip();
            assertEquals(Optional.of(digits), PhoneNumber.parse(input).map(PhoneNumber::digits), input);
        }
    }

    private static final String[] REFUSED = {"", " ", "010-1234-567", "010-1234-56789", "+1 415 555 0100", "010-1234-5678x", "call me",
        "0101234567a", "099-123-4567", "12345678", "++821012345678", "01012345678; DROP TABLE", "010\n12345678"};

    @Test
    void otherInputIsRefused() {
        for (String input : REFUSED) {
            assertTrue(PhoneNumber.parse(input).isEmpty(), () -> "accepted: " + input);
        }
    }

    @Test
    void printedMasked() {
        PhoneNumber p = PhoneNumber.parse("010-1234-5678").orElseThrow();
        assertFalse(p.toString().contains("1234"), p.toString());
        assertTrue(p.mobile());
        assertFalse(PhoneNumber.parse("02-123-4567").orElseThrow().mobile());
    }

    @Provide
    Arbitrary<String[]> mobiles() {
        Arbitrary<String> body = Arbitraries.strings().numeric().ofLength(8);
        Arbitrary<String> style = Arbitraries.of("plain", "dash", "space", "dot", "plus", "plusdash", "paren", "82", "0082", "plus0");
        return Combinators.combine(body, style).as((b, s) -> {
            String a = b.substring(0, 4);
            String z = b.substring(4);
            String written = switch (s) {
                case "plain" -> "010" + b;
                case "dash" -> "010-" + a + "-" + z;
                case "space" -> "010 " + a + " " + z;
                case "dot" -> "010." + a + "." + z;
                case "plus" -> "+8210" + b;
                case "plusdash" -> "+82-10-" + a + "-" + z;
                case "paren" -> "(010) " + a + "-" + z;
                case "82" -> "8210" + b;
                case "0082" -> "0082 10 " + a + " " + z;
                default -> "+82 (0)10 " + a + " " + z;
            };
            return new String[] {written, "010" + b};
        });
    }

    @Property(tries = 1000, seed = "20261206")
    void everyWayOfWritingAMobileGivesItsNationalDigits(@ForAll("mobiles") String[] c) {
        assertEquals(Optional.of(c[1]), PhoneNumber.parse(c[0]).map(PhoneNumber::digits), c[0]);
    }

    @Property(tries = 1000, seed = "20261206")
    void normalisingIsIdempotentAndNeverThrows(@ForAll String any) {
        Optional<PhoneNumber> p = PhoneNumber.parse(any);
        p.ifPresent(n -> assertEquals(Optional.of(n), PhoneNumber.parse(n.digits()), "re-parsing the digits"));
        p.ifPresent(n -> assertTrue(n.digits().matches("\\d{8,11}"), n::digits));
    }
}
