package ascc.core.ami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AmiDecoderTest {

    private static EmbeddedChannel channel(int maxLine, int maxMessage) {
        return new EmbeddedChannel(new AmiDecoder(maxLine, maxMessage));
    }

    private static void write(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    @Test
    void decodesBannerThenMessagesKeepingOrderAndRepeatedKeys() {
        EmbeddedChannel ch = channel(1024, 8192);
        write(ch, "Asterisk Call Manager/11.0.0\r\n"
            + "Event: Newchannel\r\nChannel: PJSIP/x-0001\r\nChanVariable: A=1\r\nChanVariable: B=2\r\n\r\n"
            + "Response: Success\r\nActionID: 7\r\nMessage: Authentication accepted\r\n\r\n");
        assertEquals(new AmiBanner("Asterisk Call Manager/11.0.0"), ch.readInbound());
        AmiMessage ev = ch.readInbound();
        assertEquals("Newchannel", ev.eventName());
        assertEquals(List.of("Event", "Channel", "ChanVariable", "ChanVariable"),
            ev.fields().stream().map(AmiMessage.Field::key).toList());
        assertEquals(List.of("A=1", "B=2"), ev.getAll("chanvariable"));
        assertEquals("PJSIP/x-0001", ev.get("CHANNEL"));
        assertTrue(ev.isEvent());
        AmiMessage resp = ch.readInbound();
        assertTrue(resp.isResponse());
        assertFalse(resp.isEvent());
        assertEquals("7", resp.actionId());
        assertNull(ch.readInbound());
    }

    @Test
    void reassemblesMessagesSplitAcrossReadsAndAcceptsBareLf() {
        EmbeddedChannel ch = channel(1024, 8192);
        write(ch, "Asterisk Call Manager/11.0.0\r\nEvent: Hang");
        assertEquals(new AmiBanner("Asterisk Call Manager/11.0.0"), ch.readInbound());
        assertNull(ch.readInbound());
        write(ch, "up\r\nCause-txt: Normal: Clearing\r");
        assertNull(ch.readInbound());
        write(ch, "\nTimestamp:1.5\n\r\n");
        AmiMessage m = ch.readInbound();
        assertEquals("Hangup", m.eventName());
        assertEquals("Normal: Clearing", m.get("Cause-txt"));
        assertEquals("1.5", m.get("Timestamp"));
    }

    @Test
    void decodesUtf8CallerNames() {
        EmbeddedChannel ch = channel(1024, 8192);
        write(ch, "Asterisk Call Manager/11.0.0\r\nEvent: Newchannel\r\nCallerIDName: Jürgen Größe\r\n\r\n");
        ch.readInbound();
        AmiMessage m = ch.readInbound();
        assertEquals("Jürgen Größe", m.get("CallerIDName"));
    }

    @Test
    void rejectsOversizedLineNamingTheLimitAndDiscardsTheRest() {
        EmbeddedChannel ch = channel(64, 4096);
        write(ch, "Asterisk Call Manager/11.0.0\r\n");
        ch.readInbound();
        TooLongFrameException e = assertThrows(TooLongFrameException.class,
            () -> write(ch, "Event: X\r\nData: " + "x".repeat(200) + "\r\n\r\n"));
        assertTrue(e.getMessage().contains("maxLineLength=64"), e.getMessage());
        write(ch, "Event: Later\r\n\r\n");
        assertNull(ch.readInbound(), "a decoder that lost its place must not emit more messages");
    }

    @Test
    void rejectsLineWithoutEndOnceLongerThanTheLimit() {
        EmbeddedChannel ch = channel(64, 4096);
        write(ch, "Asterisk Call Manager/11.0.0\r\n");
        ch.readInbound();
        TooLongFrameException e = assertThrows(TooLongFrameException.class, () -> write(ch, "y".repeat(100)));
        assertTrue(e.getMessage().contains("maxLineLength=64"), e.getMessage());
    }

    @Test
    void rejectsOversizedMessageNamingTheLimit() {
        EmbeddedChannel ch = channel(64, 256);
        write(ch, "Asterisk Call Manager/11.0.0\r\n");
        ch.readInbound();
        StringBuilder sb = new StringBuilder("Response: Success\r\n");
        for (int i = 0; i < 20; i++) {
            sb.append("Output: line number ").append(i).append("\r\n");
        }
        TooLongFrameException e = assertThrows(TooLongFrameException.class, () -> write(ch, sb.append("\r\n").toString()));
        assertTrue(e.getMessage().contains("maxMessageBytes=256"), e.getMessage());
    }

    @Test
    void parsesLinesWithoutColonAndValuesWithColons() {
        assertEquals(new AmiMessage.Field("Timestamp", "1.2:3"), AmiDecoder.parse("Timestamp: 1.2:3"));
        assertEquals(new AmiMessage.Field("Key", ""), AmiDecoder.parse("Key:"));
        assertEquals(new AmiMessage.Field("--END COMMAND--", ""), AmiDecoder.parse("--END COMMAND--"));
    }
}
