package ascc.core.ami;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the byte stream into one {@link AmiBanner} (the first line) and then {@link AmiMessage}s
 * ({@code Key: Value} lines ended by a blank line). Lines may end in CRLF or LF; text is UTF-8.
 * A line longer than {@code maxLineLength} bytes or a message larger than {@code maxMessageBytes} raises a
 * {@link TooLongFrameException} naming the limit; the decoder then discards all further input (the client closes
 * the connection and reconnects, since the stream position is lost).
 * One instance per channel (not sharable); state is only touched on the channel's event loop.
 */
final class AmiDecoder extends ByteToMessageDecoder {
    private final int maxLineLength;
    private final int maxMessageBytes;
    private boolean bannerSeen;
    private boolean broken;
    private List<AmiMessage.Field> current = new ArrayList<>();
    private int currentBytes;

    AmiDecoder(int maxLineLength, int maxMessageBytes) {
        if (maxLineLength < 16 || maxMessageBytes < maxLineLength) {
            throw new IllegalArgumentException("need 16 <= maxLineLength <= maxMessageBytes, got maxLineLength="
                + maxLineLength + " maxMessageBytes=" + maxMessageBytes);
        }
        this.maxLineLength = maxLineLength;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            int lf = in.forEachByte(in.readerIndex(), in.readableBytes(), ByteProcessor.FIND_LF);
            if (lf < 0) {
                if (in.readableBytes() > maxLineLength + 1) {
                    fail(in, "AMI line longer than maxLineLength=" + maxLineLength + " bytes (" + in.readableBytes()
                        + " bytes without line end so far)");
                }
                return;
            }
            int lineBytes = lf - in.readerIndex();
            int contentLength = lineBytes > 0 && in.getByte(lf - 1) == '\r' ? lineBytes - 1 : lineBytes;
            if (contentLength > maxLineLength) {
                fail(in, "AMI line longer than maxLineLength=" + maxLineLength + " bytes (" + contentLength + " bytes)");
            }
            String line = in.toString(in.readerIndex(), contentLength, StandardCharsets.UTF_8);
            in.skipBytes(lineBytes + 1);
            if (!bannerSeen) {
                bannerSeen = true;
                out.add(new AmiBanner(line));
                continue;
            }
            if (line.isEmpty()) {
                if (!current.isEmpty()) {
                    out.add(new AmiMessage(current));
                    current = new ArrayList<>();
                    currentBytes = 0;
                }
                continue;
            }
            currentBytes += lineBytes + 1;
            if (currentBytes > maxMessageBytes) {
                fail(in, "AMI message larger than maxMessageBytes=" + maxMessageBytes + " bytes (" + currentBytes
                    + " bytes in " + current.size() + " lines so far, first line: " + firstLine() + ")");
            }
            current.add(parse(line));
        }
    }

    private String firstLine() {
        return current.isEmpty() ? "-" : current.get(0).toString();
    }

    private void fail(ByteBuf in, String message) {
        broken = true;
        in.skipBytes(in.readableBytes());
        current = new ArrayList<>();
        throw new TooLongFrameException(message);
    }

    /** {@code Key: Value}; the value may contain colons; a line without a colon becomes a key with an empty value. */
    static AmiMessage.Field parse(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return new AmiMessage.Field(line.strip(), "");
        }
        String key = line.substring(0, colon).strip();
        int v = colon + 1;
        while (v < line.length() && line.charAt(v) == ' ') {
            v++;
        }
        return new AmiMessage.Field(key, line.substring(v));
    }
}
