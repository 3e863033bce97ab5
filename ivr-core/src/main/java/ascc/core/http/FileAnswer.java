package ascc.core.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a file answer ({@link HttpResponseSpec#file}): the headers, then the file or the requested range as a
 * {@link DefaultFileRegion} (sendfile: the bytes never enter the heap, memory stays constant whatever the file's size),
 * then the end. One open file per answer, closed by Netty when the region is released (sent, or the connection gone).
 */
final class FileAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(FileAnswer.class);

    private FileAnswer() {
    }

    /**
     * Opens the file (on the calling handler thread) and queues the answer on {@code ctx}.
     *
     * @param request the request, for its {@code Range} (null: the whole file)
     * @param after runs once the answer is written
     * @return null when the file is being sent; otherwise the answer to send instead (404 for a file that cannot be
     *     opened, 416 for a range past its end)
     */
    static HttpResponseSpec send(ChannelHandlerContext ctx, HttpResponseSpec spec, HttpRequestInfo request, boolean keepAlive,
            ChannelFutureListener after) {
        FileChannel file;
        long size;
        try {
            file = FileChannel.open(spec.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            size = file.size();
        } catch (IOException e) {
            LOG.warn("HTTP: cannot open {} to send it: {}", spec.file(), e.toString());
            return HttpResponseSpec.json(404, "{\"error\":\"not found\"}");
        }
        boolean rangeAllowed = request != null && request.method().equals("GET") && request.header("if-range").isEmpty();
        ByteRange range = rangeAllowed ? ByteRange.parse(request.header("range").orElse(null), size) : ByteRange.whole(size);
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            try {
                file.close();
            } catch (IOException e) {
                LOG.warn("HTTP: closing {} failed: {}", spec.file(), e.toString());
            }
            return HttpResponseSpec.json(416, "{\"error\":\"range not satisfiable\"}").withHeader("Content-Range", "bytes */" + size);
        }
        boolean partial = range.kind() == ByteRange.Kind.PARTIAL;
        DefaultHttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                partial ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.valueOf(spec.status()));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, spec.contentType());
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, range.length());
        res.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (partial) {
            long last = range.start() + range.length() - 1;
            res.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + range.start() + "-" + last + "/" + size);
        }
        spec.headers().forEach((k, v) -> res.headers().set(k, v));
        HttpUtil.setKeepAlive(res, keepAlive);
        ctx.write(res);
        ctx.write(new DefaultFileRegion(file, range.start(), range.length()));
        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(after);
        return null;
    }
}
