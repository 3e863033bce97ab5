package ascc.agi.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiHangupException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeAgiChannelTest {

    private final FakeAgiChannel channel = new FakeAgiChannel(FakeAgiChannel.request("inbound", "01012345678", "15880000", "a"));

    @Test
    void buildsRequestLikeAsterisk() {
        assertEquals("inbound", channel.request().script());
        assertEquals("01012345678", channel.request().callerId());
        assertEquals("15880000", channel.request().extension());
        assertEquals(List.of("a"), channel.request().args());
        assertEquals("a", channel.request().env().get("arg_1"));
    }

    @Test
    void recordsCommandsAndVariablesInOrder() {
        channel.answer();
        channel.setVariable("CC_QUEUE", "acme support");
        channel.verbose("hello", 1);
        channel.exec("Playback", "beep");
        assertEquals(List.of("ANSWER", "SET VARIABLE CC_QUEUE acme support", "VERBOSE hello 1", "EXEC Playback beep"),
            channel.commands());
        assertEquals("acme support", channel.variable("CC_QUEUE"));
        assertTrue(channel.answered());
    }

    @Test
    void getVariableReturnsPresetOrNull() {
        channel.presetVariable("LANG", "ko");
        assertEquals("ko", channel.getVariable("LANG"));
        assertNull(channel.getVariable("MISSING"));
    }

    @Test
    void streamFileIsInterruptedOnlyByEscapeDigits() {
        channel.pressDigits("5");
        assertEquals(0, channel.streamFile("info", ""));
        assertEquals('5', channel.streamFile("menu", "0123456789"));
        assertEquals(0, channel.streamFile("menu", "0123456789"));
        assertEquals(List.of("info", "menu", "menu"), channel.prompts());
        assertEquals("STREAM FILE info", channel.commands().get(0));
    }

    @Test
    void getDataStopsAtHashMaxDigitsOrTimeout() {
        channel.pressDigits("12#").pressDigits("3456").timeoutNext().pressDigits("7").timeoutNext().pressDigits("#");
        assertEquals("12", channel.getData("p", 5000, 4));
        assertEquals("3456", channel.getData("p", 5000, 4));
        assertNull(channel.getData("p", 5000, 4));
        assertEquals("7", channel.getData("p", 5000, 4));
        assertEquals("", channel.getData("p", 5000, 4));
        assertNull(channel.getData("p", 5000, 4), "an empty queue is a timeout");
        assertEquals("GET DATA p 5000 4", channel.commands().get(0));
    }

    @Test
    void readPlaysFilesUntilAKeyAndSetsTheVariableAndStatusLikeAsterisk() {
        channel.pressDigits("42#").timeoutNext().pressDigits("7").timeoutNext().pressDigits("#");
        assertEquals(0, channel.exec("Read", "V,a&b&c,3,,1,5"));
        assertEquals("42", channel.variable("V"));
        assertEquals("OK", channel.variable("READSTATUS"));
        assertEquals(List.of("a"), channel.prompts(), "the first key interrupted the first file");

        channel.exec("Read", "V,a&b,3,,1,5");
        assertEquals("", channel.variable("V"));
        assertEquals("TIMEOUT", channel.variable("READSTATUS"));
        assertEquals(List.of("a", "a", "b"), channel.prompts(), "silence: every file played");

        channel.exec("Read", "V,a&b,3,,1,5");
        assertEquals("7", channel.variable("V"));
        assertEquals("TIMEOUT", channel.variable("READSTATUS"), "digits, then the timeout");

        channel.exec("Read", "V,a&b,1,,1,5");
        assertEquals("", channel.variable("V"));
        assertEquals("OK", channel.variable("READSTATUS"), "a lone #");
        assertEquals("EXEC Read V,a&b&c,3,,1,5", channel.commands().get(0));
    }

    @Test
    void readWithAForcedNegativeResultIsAHangUp() {
        channel.execResult("Read", -1).pressDigits("1");
        assertEquals(-1, channel.exec("Read", "V,a&b,1,,1,5"));
        assertEquals("HANGUP", channel.variable("READSTATUS"));
        assertEquals("1", channel.pendingInput());
    }

    @Test
    void waitForDigitConsumesOneEvent() {
        channel.pressDigits("9").timeoutNext().pressDigits("*");
        assertEquals('9', channel.waitForDigit(3000));
        assertEquals(0, channel.waitForDigit(3000));
        assertEquals("*", channel.pendingInput());
        assertEquals('*', channel.waitForDigit(3000));
        assertEquals(0, channel.waitForDigit(3000));
    }

    @Test
    void hangsUpAfterTheGivenNumberOfCommands() {
        channel.hangupAfter(2);
        channel.answer();
        channel.streamFile("hello", "");
        AgiHangupException e = assertThrows(AgiHangupException.class, () -> channel.setVariable("A", "b"));
        assertTrue(e.getMessage().contains("SET VARIABLE A b"), e.getMessage());
        assertThrows(AgiHangupException.class, channel::answer);
        assertEquals(List.of("ANSWER", "STREAM FILE hello"), channel.commands());
        assertTrue(channel.hungUp());
        assertEquals(2, channel.refusedAfterHangup());
        assertNull(channel.variable("A"));
    }

    @Test
    void refusesLineBreaksAndNonDtmf() {
        assertThrows(IllegalArgumentException.class, () -> channel.setVariable("A", "x\ny"));
        assertThrows(IllegalArgumentException.class, () -> channel.pressDigits("1x"));
        assertEquals(List.of(), channel.commands());
    }

    @Test
    void execReturnsConfiguredResult() {
        channel.execResult("Dial", 3);
        assertEquals(3, channel.exec("Dial", "PJSIP/100,20"));
        assertEquals(0, channel.exec("Playback", null));
        assertEquals(List.of("EXEC Dial PJSIP/100,20", "EXEC Playback"), channel.commands());
    }
}
