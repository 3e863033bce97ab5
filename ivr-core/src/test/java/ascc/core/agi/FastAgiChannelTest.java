package ascc.core.agi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ascc.agi.AgiChannel;
import ascc.agi.AgiHangupException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AGI commands over a real socket, against a fake Asterisk that answers like Asterisk 22. */
class FastAgiChannelTest {
    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final Function<AgiChannel, Object> END = ch -> null;

    private final BlockingQueue<Function<AgiChannel, Object>> steps = new LinkedBlockingQueue<>();
    private final BlockingQueue<Object> results = new LinkedBlockingQueue<>();
    private AgiTestServer server;
    private FakeAsterisk asterisk;

    @BeforeEach
    void start() throws Exception {
        server = new AgiTestServer(Map.of("flow", this::runSteps));
        asterisk = server.connect().sendEnv("flow");
    }

    @AfterEach
    void stop() throws Exception {
        steps.add(END);
        asterisk.close();
        server.close();
    }

    /** The script: runs the steps the test hands it, one at a time, until a step returns {@code "END"}. */
    private void runSteps(AgiChannel ch) throws InterruptedException {
        while (true) {
            Function<AgiChannel, Object> step = steps.poll(5, TimeUnit.SECONDS);
            if (step == null) {
                return;
            }
            Object result;
            try {
                result = step.apply(ch);
            } catch (RuntimeException e) {
                result = e;
            }
            if (result == null) {
                result = NULL;
            }
            results.add(result);
            if (step == END) {
                return;
            }
        }
    }

    /** Runs one channel call in the script, answers its command with {@code reply} and returns the call's outcome. */
    private Object call(Function<AgiChannel, Object> step, String expectedCommand, String... reply) throws Exception {
        steps.add(step);
        assertEquals(expectedCommand, asterisk.readCommand());
        asterisk.reply(reply);
        return result();
    }

    private Object result() throws InterruptedException {
        Object r = results.poll(5, TimeUnit.SECONDS);
        assertNotNull(r, "the script produced no result in 5 s");
        return r;
    }

    @Test
    void getVariableReturnsDataWithSpacesAndParentheses() throws Exception {
        assertEquals("hello (big) world ", call(ch -> ch.getVariable("GREETING"), "GET VARIABLE \"GREETING\"",
            "200 result=1 (hello (big) world )"));
        assertEquals("", call(ch -> ch.getVariable("EMPTY"), "GET VARIABLE \"EMPTY\"", "200 result=1 ()"));
    }

    @Test
    void getVariableReturnsNullWhenUnset() throws Exception {
        assertEquals(NULL, call(ch -> ch.getVariable("NOPE"), "GET VARIABLE \"NOPE\"", "200 result=0"));
    }

    @Test
    void setVariableQuotesAndEscapesQuotesAndBackslashes() throws Exception {
        String value = "say \"hi\" to C:\\dir now";
        String expected = "SET VARIABLE \"CC_NOTE\" \"say \\\"hi\\\" to C:\\\\dir now\"";
        assertEquals(NULL, call(ch -> {
            ch.setVariable("CC_NOTE", value);
            return null;
        }, expected, "200 result=1"));
        assertEquals(List.of("SET", "VARIABLE", "CC_NOTE", value), FakeAsterisk.parseArgs(expected));
    }

    private static LinkedHashMap<String, String> vars(String... kv) {
        LinkedHashMap<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void plainVariablesGoInOneMSetInTheirOrder() throws Exception {
        assertEquals(NULL, call(ch -> {
            ch.setVariables(vars("__CC_COMPANY", "alpha", "__CC_CALLER_MASKED", "010*****78", "CC_ACTION", "queue"));
            return null;
        }, "EXEC \"MSet\" \"__CC_COMPANY=alpha,__CC_CALLER_MASKED=010*****78,CC_ACTION=queue\"", "200 result=0"));
    }

    @Test
    void aValueMSetWouldMangleMakesEveryVariableItsOwnSetVariable() throws Exception {
        steps.add(ch -> {
            ch.setVariables(vars("CC_A", "one", "CC_PROMPT", "closed,then|more"));
            return null;
        });
        assertEquals("SET VARIABLE \"CC_A\" \"one\"", asterisk.readCommand());
        asterisk.reply("200 result=1");
        assertEquals("SET VARIABLE \"CC_PROMPT\" \"closed,then|more\"", asterisk.readCommand());
        asterisk.reply("200 result=1");
        assertEquals(NULL, result());
    }

    @Test
    void theHandWrittenMSetChecksAcceptExactlyWhatTheirRegexesDid() {
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("_{0,2}[A-Za-z][A-Za-z0-9_]*");
        java.util.regex.Pattern value = java.util.regex.Pattern.compile("[A-Za-z0-9_@./:+*#-]*");
        for (String s : List.of("", "_", "__", "___", "a", "_a", "__a", "___a", "__CC_COMPANY", "CC_QUEUE_PRIO", "9a", "a9", "a-b",
                "a b", "__CC_CALLER_MASKED", "010*****78", "q-desk-1", "/var/spool/x.wav", "a,b", "a|b", "a\"b", "a\\b", "é",
                "x=y", "#*+:@.", "\t", "A_", "_9")) {
            assertEquals(name.matcher(s).matches(), FastAgiChannel.msetName(s), "name '" + s + "'");
            assertEquals(value.matcher(s).matches(), FastAgiChannel.msetValue(s), "value '" + s + "'");
        }
    }

    @Test
    void withoutMSetInAsteriskTheVariablesAreSetOneByOne() throws Exception {
        steps.add(ch -> {
            ch.setVariables(vars("CC_A", "one", "CC_B", "two"));
            return null;
        });
        assertEquals("EXEC \"MSet\" \"CC_A=one,CC_B=two\"", asterisk.readCommand());
        asterisk.reply("200 result=-2");
        assertEquals("SET VARIABLE \"CC_A\" \"one\"", asterisk.readCommand());
        asterisk.reply("200 result=1");
        assertEquals("SET VARIABLE \"CC_B\" \"two\"", asterisk.readCommand());
        asterisk.reply("200 result=1");
        assertEquals(NULL, result());
    }

    @Test
    void refusesLineBreakInValueWithoutSendingAndKeepsWorking() throws Exception {
        steps.add(ch -> {
            ch.setVariable("X", "two\nlines");
            return null;
        });
        assertInstanceOf(IllegalArgumentException.class, result());
        assertEquals(NULL, call(ch -> ch.getVariable("Y"), "GET VARIABLE \"Y\"", "200 result=0"));
    }

    @Test
    void streamFileReturnsTheDigitPressedOrZero() throws Exception {
        assertEquals('2', call(ch -> ch.streamFile("welcome", "0123456789*#"), "STREAM FILE \"welcome\" \"0123456789*#\"",
            "200 result=50 endpos=12345"));
        assertEquals((char) 0, call(ch -> ch.streamFile("info", ""), "STREAM FILE \"info\" \"\"", "200 result=0 endpos=8000"));
    }

    @Test
    void streamFileFailureIsAHangup() throws Exception {
        assertInstanceOf(AgiHangupException.class, call(ch -> ch.streamFile("welcome", "1"), "STREAM FILE \"welcome\" \"1\"",
            "200 result=-1 endpos=0"));
    }

    @Test
    void getDataOfAJoinedMenuStreamsEachPartAndAKeyDuringAPartIsTheAnswer() throws Exception {
        steps.add(ch -> ch.getData("menu&digits/1&digits/2", 5000, 1));
        assertEquals("STREAM FILE \"menu\" \"0123456789*#\"", asterisk.readCommand());
        asterisk.reply("200 result=0 endpos=8000");
        assertEquals("STREAM FILE \"digits/1\" \"0123456789*#\"", asterisk.readCommand());
        asterisk.reply("200 result=50 endpos=100");
        assertEquals("2", result());
    }

    @Test
    void getDataOfAJoinedMenuWithoutKeyEndsWithGetDataOnTheLastPart() throws Exception {
        steps.add(ch -> ch.getData("menu&digits/1", 5000, 1));
        assertEquals("STREAM FILE \"menu\" \"0123456789*#\"", asterisk.readCommand());
        asterisk.reply("200 result=0 endpos=8000");
        assertEquals("GET DATA \"digits/1\" 5000 1", asterisk.readCommand());
        asterisk.reply("200 result= (timeout)");
        assertEquals(NULL, result());
    }

    @Test
    void getDataReturnsDigitsEmptyOrNullOnTimeout() throws Exception {
        assertEquals("1234", call(ch -> ch.getData("enter-number", 5000, 4), "GET DATA \"enter-number\" 5000 4",
            "200 result=1234"));
        assertEquals("12", call(ch -> ch.getData("enter-number", 5000, 4), "GET DATA \"enter-number\" 5000 4",
            "200 result=12 (timeout)"));
        assertEquals(NULL, call(ch -> ch.getData("enter-number", 5000, 4), "GET DATA \"enter-number\" 5000 4",
            "200 result= (timeout)"));
        assertEquals("", call(ch -> ch.getData("enter-number", 5000, 4), "GET DATA \"enter-number\" 5000 4", "200 result="));
        assertInstanceOf(AgiHangupException.class, call(ch -> ch.getData("p", 100, 1), "GET DATA \"p\" 100 1", "200 result=-1"));
    }

    @Test
    void waitForDigitReturnsCharacterOrZero() throws Exception {
        assertEquals('#', call(ch -> ch.waitForDigit(3000), "WAIT FOR DIGIT 3000", "200 result=35"));
        assertEquals((char) 0, call(ch -> ch.waitForDigit(3000), "WAIT FOR DIGIT 3000", "200 result=0"));
    }

    @Test
    void answerExecAndVerboseSendTheirCommands() throws Exception {
        assertEquals(NULL, call(ch -> {
            ch.answer();
            return null;
        }, "ANSWER", "200 result=0"));
        assertEquals(-2, call(ch -> ch.exec("NoSuchApp", "a,b c"), "EXEC \"NoSuchApp\" \"a,b c\"", "200 result=-2"));
        assertEquals(0, call(ch -> ch.exec("Playback", "beep"), "EXEC \"Playback\" \"beep\"", "200 result=0"));
        assertEquals(NULL, call(ch -> {
            ch.verbose("flow \"inbound\" started", 3);
            return null;
        }, "VERBOSE \"flow \\\"inbound\\\" started\" 3", "200 result=1"));
    }

    @Test
    void unknownCommandRaisesExceptionWithTheCommandAndKeepsTheChannelUsable() throws Exception {
        Object r = call(ch -> ch.exec("Foo", "bar"), "EXEC \"Foo\" \"bar\"", "510 Invalid or unknown command");
        AgiCommandException e = assertInstanceOf(AgiCommandException.class, r);
        assertEquals(510, e.code());
        assertTrue(e.getMessage().contains("EXEC \"Foo\" \"bar\""), e.getMessage());
        assertEquals(NULL, call(ch -> ch.getVariable("Y"), "GET VARIABLE \"Y\"", "200 result=0"));
    }

    @Test
    void usageReplyOnSeveralLinesIsReadCompletelyAndRaised() throws Exception {
        Object r = call(ch -> ch.getData("p", 10, 2), "GET DATA \"p\" 10 2",
            "520-Invalid command syntax.  Proper usage follows:",
            " Usage: GET DATA <file to be streamed> [timeout] [maxdigits]",
            "     Stream the given file, and receive DTMF data.",
            "520 End of proper usage.");
        AgiCommandException e = assertInstanceOf(AgiCommandException.class, r);
        assertEquals(520, e.code());
        assertTrue(e.reply().contains("Usage: GET DATA"), e.reply());
        assertTrue(e.getMessage().contains("GET DATA \"p\" 10 2"), e.getMessage());
        assertEquals("x", call(ch -> ch.getVariable("Y"), "GET VARIABLE \"Y\"", "200 result=1 (x)"), "still in step");
    }

    @Test
    void deadChannelReplyIsAHangupAndLaterCommandsAreNotSent() throws Exception {
        assertInstanceOf(AgiHangupException.class, call(ch -> {
            ch.answer();
            return null;
        }, "ANSWER", "511 Command Not Permitted on a dead channel or intercept routine"));
        steps.add(ch -> ch.getVariable("A"));
        assertInstanceOf(AgiHangupException.class, result());
        steps.add(END);
        result();
        assertTrue(asterisk.closedByServer(), "no command after the hangup; the session ended");
    }

    @Test
    void hangupLineDuringACommandIsNotTakenForTheReply() throws Exception {
        Object r = call(ch -> ch.streamFile("welcome", "12"), "STREAM FILE \"welcome\" \"12\"", "HANGUP", "200 result=0 endpos=400");
        assertInstanceOf(AgiHangupException.class, r);
        steps.add(ch -> ch.getVariable("A"));
        assertInstanceOf(AgiHangupException.class, result());
        steps.add(END);
        result();
        assertTrue(asterisk.closedByServer());
        assertEquals(List.of(), server.failures, "a hangup is a normal end, not a failure");
    }

    @Test
    void hangupLineBetweenCommandsIsSeenByTheNextCommand() throws Exception {
        assertEquals("v", call(ch -> ch.getVariable("A"), "GET VARIABLE \"A\"", "200 result=1 (v)"));
        asterisk.reply("HANGUP");
        Object r = call(ch -> ch.waitForDigit(1000), "WAIT FOR DIGIT 1000", "200 result=-1");
        AgiHangupException e = assertInstanceOf(AgiHangupException.class, r);
        assertTrue(e.getMessage().contains("WAIT FOR DIGIT"), e.getMessage());
    }

    @Test
    void connectionClosedByAsteriskIsAHangup() throws Exception {
        steps.add(ch -> ch.getVariable("A"));
        assertEquals("GET VARIABLE \"A\"", asterisk.readCommand());
        asterisk.close();
        assertInstanceOf(AgiHangupException.class, result());
    }

    @Test
    void nonNumericResultIsAProtocolError() throws Exception {
        AgiCommandException e = assertInstanceOf(AgiCommandException.class,
            call(ch -> ch.waitForDigit(10), "WAIT FOR DIGIT 10", "200 result=abc"));
        assertTrue(e.getMessage().contains("abc"), e.getMessage());
    }

    @Test
    void garbledReplyStopsFurtherCommands() throws Exception {
        assertInstanceOf(AgiCommandException.class, call(ch -> ch.getVariable("A"), "GET VARIABLE \"A\"", "hello there"));
        steps.add(ch -> ch.getVariable("B"));
        AgiCommandException e = assertInstanceOf(AgiCommandException.class, result());
        assertTrue(e.getMessage().contains("out of step"), e.getMessage());
    }
}
