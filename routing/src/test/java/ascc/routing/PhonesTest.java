package ascc.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PhonesTest {
    @Test
    void keepsFirstThreeCharactersAndLastTwoDigits() {
        assertEquals("010******78", Phones.mask("01012345678"));
        assertEquals("010*****78", Phones.mask("0101234578"));
        assertEquals("+82********78", Phones.mask("+821012345678"));
        assertEquals("123*56", Phones.mask("123456"));
    }

    @Test
    void separatorsStayAndOnlyDigitsAreHidden() {
        assertEquals("010-****-**78", Phones.mask("010-1234-5678"));
        assertEquals("+82 ** **** **78", Phones.mask("+82 10 1234 5678"));
        assertEquals("+82-**-****-**78", Phones.mask("+82-10-1234-5678"));
        assertEquals("(01*) ****-**78", Phones.mask("(010) 1234-5678"));
        assertEquals("010.****.**78", Phones.mask("010.1234.5678"));
    }

    @Test
    void shortNumbersKeepOnlyTheLastTwo() {
        assertEquals("***45", Phones.mask("12345"));
        assertEquals("*23", Phones.mask("123"));
        assertEquals("**", Phones.mask("12"));
        assertEquals("*", Phones.mask("1"));
    }

    @Test
    void missingNumberIsADashAndAWordIsNoNumber() {
        assertEquals("-", Phones.mask(null));
        assertEquals("-", Phones.mask(""));
        assertEquals("anonymous", Phones.mask("anonymous"));
        assertEquals("<unknown>", Phones.mask("<unknown>"));
    }

    @Test
    void freeTextMasksNumbersInEveryFormat() {
        assertEquals("call from 010-****-**78 ok", Phones.maskText("call from 010-1234-5678 ok"));
        assertEquals("from=010******78, to=+82 ** **** **78", Phones.maskText("from=01012345678, to=+82 10 1234 5678"));
        assertEquals("tel:+82********78;x", Phones.maskText("tel:+821012345678;x"));
        assertEquals("sip:010******78@127.0.0.1", Phones.maskText("sip:01012345678@127.0.0.1"));
        assertEquals("'821*******78'", Phones.maskText("'821012345678'"));
        assertEquals("(01*) ****-**78", Phones.maskText("(010) 1234-5678"));
        assertEquals("partner 02 ***-**67", Phones.maskText("partner 02 123-4567"));
        assertEquals("EXEC Dial PJSIP/010******78@trunk,30", Phones.maskText("EXEC Dial PJSIP/01012345678@trunk,30"));
    }

    @Test
    void channelNamesKeepTheirSequenceButNotTheNumber() {
        assertEquals("Local/010******78@ascc-outbound-00000003;1",
                Phones.maskText("Local/01012345678@ascc-outbound-00000003;1"));
        assertEquals("PJSIP/010******78-0000001a", Phones.maskText("PJSIP/01012345678-0000001a"));
        assertEquals("PJSIP/010******78-00000012", Phones.maskText("PJSIP/01012345678-00000012"));
        assertEquals("PJSIP/trunk-00000012", Phones.maskText("PJSIP/trunk-00000012"));
        assertEquals("PJSIP/1001-00000012", Phones.maskText("PJSIP/1001-00000012"));
    }

    @Test
    void idsDatesAndFiguresAreNotNumbers() {
        String text = "uniqueid 1733456789.12 at 2026-12-06T06:57:09Z took 0.000123456 s, 12345678 bytes, ip 10.0.0.1,"
                + " action ascc-00000001, call 0a1b2c3d-0000-1111-2222-333344445555, 0700";
        assertSame(text, Phones.maskText(text));
        assertEquals(null, Phones.maskText(null));
    }

    @Test
    void maskedTextIsNotMaskedAgain() {
        String once = Phones.maskText("a 010-1234-5678 b 01012345678");
        assertEquals(once, Phones.maskText(once));
    }

    @Test
    void nationalDigitsCompareFormats() {
        assertEquals("01012345678", Phones.nationalDigits("+82 10-1234-5678"));
        assertEquals("01012345678", Phones.nationalDigits("010-1234-5678"));
        assertEquals("01012345678", Phones.nationalDigits("821012345678"));
        assertEquals("0212345678", Phones.nationalDigits("+82 (0)2 1234 5678"));
    }
}
