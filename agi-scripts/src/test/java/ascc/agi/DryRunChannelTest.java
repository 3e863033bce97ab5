package ascc.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DryRunChannelTest {
    private static DryRunChannel caller(String... answers) {
        return new DryRunChannel(DryRunChannel.request("inbound", "01012345678", "15880000"), List.of(answers));
    }

    @Test
    void eachGroupAnswersOneMenuUpToItsMaximumAndHash() {
        DryRunChannel ch = caller("101", "2#9", "12345", "#");

        assertEquals("101", ch.getData("code", 5000, 6));
        assertEquals("2", ch.getData("menu", 5000, 6));
        assertEquals("12", ch.getData("menu", 5000, 2));
        assertEquals("", ch.getData("menu", 5000, 1));
        assertNull(ch.getData("menu", 5000, 1), "no group left is no input");
        assertEquals(List.of("ask code (max 6) -> \"101\"", "ask menu (max 6) -> \"2\"", "ask menu (max 2) -> \"12\"",
                "ask menu (max 1) -> \"\"", "ask menu (max 1) -> no input"), ch.transcript());
        assertEquals(0, ch.unusedAnswers());
    }

    @Test
    void readSetsTheVariableAndReadStatusLikeAsterisk() {
        DryRunChannel ch = caller("3", "", "#");

        assertEquals(0, ch.exec("Read", "CC_MENU,a&b,1,,1,5"));
        assertEquals("3", ch.getVariable("CC_MENU"));
        assertEquals("OK", ch.getVariable("READSTATUS"));
        ch.exec("Read", "CC_MENU,a&b,1,,1,5");
        assertEquals("", ch.getVariable("CC_MENU"));
        assertEquals("TIMEOUT", ch.getVariable("READSTATUS"));
        ch.exec("Read", "CC_MENU,a&b,0,,1,5");
        assertEquals("", ch.getVariable("CC_MENU"));
        assertEquals("OK", ch.getVariable("READSTATUS"), "a lone # is an empty answer");
        assertEquals(List.of("ask a&b (max 1) -> \"3\"", "ask a&b (max 1) -> no input", "ask a&b (max 0) -> \"\""), ch.transcript());
    }

    @Test
    void recordsWhatTheCallerNoticesAndKeepsVariables() {
        DryRunChannel ch = caller("1", "2");

        ch.answer();
        assertEquals(0, ch.streamFile("hello", "0123456789"));
        assertEquals(0, ch.exec("Dial", "PJSIP/1001"));
        assertEquals(0, ch.waitForDigit(1000));
        ch.setVariable("CC_ACTION", "queue");
        ch.verbose("x", 1);

        assertEquals(List.of("ANSWER", "play hello"), ch.transcript());
        assertEquals("queue", ch.variable("CC_ACTION"));
        assertEquals(2, ch.unusedAnswers());
        assertEquals("15880000", ch.request().extension());
    }

    @Test
    void refusesAnswersThatAreNoDtmf() {
        assertThrows(IllegalArgumentException.class, () -> caller("1a"));
    }
}
