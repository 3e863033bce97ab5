package ascc.core.agi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Reads AGI lines (ending in {@code \n}, optional {@code \r}) from a socket with a byte limit per line and a
 * deadline per call; rejects control bytes other than tab. Not thread-safe: one session thread uses it.
 * After a too-long line the rest of that line is discarded by the next call, so reading can go on.
 */
final class AgiLineReader {

    /** Sets the socket's read timeout in milliseconds (0 = none) before each blocking read. */
    @FunctionalInterface
    interface ReadTimeout {
        void set(int millis) throws IOException;
    }

    /** A point in (monotonic) time by which a read must complete, or none. */
    record Deadline(long atNanos, boolean unlimited, Duration budget) {
        static Deadline after(Duration d) {
            return new Deadline(System.nanoTime() + d.toNanos(), false, d);
        }

        static Deadline none() {
            return new Deadline(0, true, Duration.ZERO);
        }

        /** Millis left for {@code setSoTimeout} (0 = unlimited); throws when the deadline has passed. */
        int soTimeoutMillis() throws SocketTimeoutException {
            if (unlimited) {
                return 0;
            }
            long left = atNanos - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("deadline of " + budget.toMillis() + " ms passed");
            }
            return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (left + 999_999) / 1_000_000));
        }
    }

    private final InputStream in;
    private final ReadTimeout readTimeout;
    private final int maxLineBytes;
    private final byte[] buf = new byte[2048];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private boolean discardRestOfLine;

    AgiLineReader(InputStream in, ReadTimeout readTimeout, int maxLineBytes) {
        this.in = in;
        this.readTimeout = readTimeout;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Next line without its terminator, or null when the peer closed the connection at a line boundary.
     *
     * @throws BadInputException {@code line_too_long} or {@code binary_data} (protocol still usable)
     * @throws EOFException the peer closed the connection in the middle of a line
     * @throws SocketTimeoutException the deadline passed
     */
    String readLine(Deadline deadline) throws IOException, BadInputException {
        if (discardRestOfLine) {
            skipRestOfLine(deadline);
        }
        int len = 0;
        int firstControl = -1;
        while (true) {
            if (pos == limit && !fill(deadline)) {
                if (len == 0 && firstControl < 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line (" + len + " bytes read)");
            }
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            if (len == maxLineBytes) {
                discardRestOfLine = true;
                if (firstControl >= 0) {
                    throw binary(firstControl, line[firstControl]);
                }
                throw new BadInputException("line_too_long", "line longer than " + maxLineBytes + " bytes", true);
            }
            if (len == line.length) {
                line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
            }
            if (firstControl < 0 && ((b >= 0 && b < 0x20 && b != '\t' && b != '\r') || b == 0x7f)) {
                firstControl = len;
            }
            line[len++] = b;
        }
        int end = len;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        if (firstControl < 0) {
            for (int i = 0; i < end; i++) {
                if (line[i] == '\r') {
                    firstControl = i;
                    break;
                }
            }
        }
        if (firstControl >= 0) {
            throw binary(firstControl, line[firstControl]);
        }
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }

    private static BadInputException binary(int offset, byte b) {
        return new BadInputException("binary_data", String.format("control byte 0x%02x at offset %d of a line", b & 0xff, offset),
            true);
    }

    private void skipRestOfLine(Deadline deadline) throws IOException {
        while (true) {
            if (pos == limit && !fill(deadline)) {
                throw new EOFException("connection closed in the middle of an over-long line");
            }
            if (buf[pos++] == '\n') {
                discardRestOfLine = false;
                return;
            }
        }
    }

    /** Whether bytes from the peer are waiting (buffered here or in the socket), so a read would not block for long. */
    boolean ready() throws IOException {
        return pos < limit || in.available() > 0;
    }

    private boolean fill(Deadline deadline) throws IOException {
        readTimeout.set(deadline.soTimeoutMillis());
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
