package ascc.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PhonesTest {
    @Test
    void keepsFirstThreeAndLastTwoCharacters() {
        assertEquals("010******78", Phones.mask("01012345678"));
        assertEquals("010*****78", Phones.mask("0101234578"));
        assertEquals("+82********78", Phones.mask("+821012345678"));
        assertEquals("123*56", Phones.mask("123456"));
    }

    @Test
    void shortNumbersKeepOnlyTheLastTwo() {
        assertEquals("***45", Phones.mask("12345"));
        assertEquals("*23", Phones.mask("123"));
        assertEquals("**", Phones.mask("12"));
        assertEquals("*", Phones.mask("1"));
    }

    @Test
    void missingNumberIsADash() {
        assertEquals("-", Phones.mask(null));
        assertEquals("-", Phones.mask(""));
    }
}
