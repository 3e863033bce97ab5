package ascc.core.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one server-sent event stream. Every field is touched on the channel's event loop only; {@link #send}
 * hops there. A comment line every {@link #HEARTBEAT} keeps proxies and the idle timeout from closing a quiet stream and
 * finds a vanished client. When the socket cannot take more, the newest unsent event waits and replaces any older one.
 */
final class SseChannel implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(SseChannel.class);
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How long the browser waits before reconnecting after a lost stream ({@code retry:}). */
    static final int RETRY_MILLIS = 1000;
    private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9-]{1,40}");

    private final Channel channel;
    private final List<Runnable> onClose = new ArrayList<>();
    private ScheduledFuture<?> heartbeat;
    private ByteBuf pending;
    private volatile boolean open = true;

    private SseChannel(Channel channel) {
        this.channel = channel;
    }

    /** On the event loop: writes the head of {@code spec} and opens its stream. */
    static SseChannel start(Channel channel, HttpResponseSpec spec) {
        SseChannel sse = new SseChannel(channel);
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, spec.contentType());
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        head.headers().set("X-Accel-Buffering", "no");
        spec.headers().forEach((k, v) -> head.headers().set(k, v));
        HttpUtil.setTransferEncodingChunked(head, true);
        channel.write(head);
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("retry: " + RETRY_MILLIS + "\n\n", StandardCharsets.UTF_8)));
        channel.closeFuture().addListener(f -> sse.closed());
        sse.heartbeat = channel.eventLoop().scheduleAtFixedRate(sse::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            spec.stream().open(sse);
        } catch (RuntimeException e) {
            LOG.error("event stream failed to open; closing it", e);
            channel.close();
        }
        return sse;
    }

    @Override
    public boolean send(String event, String data) {
        if (!open) {
            return false;
        }
        if (!EVENT_NAME.matcher(event).matches()) {
            throw new IllegalArgumentException("bad event name '" + event + "' (letters, digits, -)");
        }
        StringBuilder sb = new StringBuilder(data.length() + 32).append("event: ").append(event).append('\n');
        for (String line : data.split("\r\n|\r|\n", -1)) {
            sb.append("data: ").append(line).append('\n');
        }
        byte[] bytes = sb.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        channel.eventLoop().execute(() -> write(Unpooled.wrappedBuffer(bytes)));
        return true;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void onClose(Runnable action) {
        channel.eventLoop().execute(() -> {
            if (open) {
                onClose.add(action);
            } else {
                action.run();
            }
        });
    }

    @Override
    public void close() {
        channel.close();
    }

    /** On the loop: the socket can take more; write what waited. */
    void writable() {
        if (pending != null && channel.isWritable()) {
            ByteBuf b = pending;
            pending = null;
            channel.writeAndFlush(new DefaultHttpContent(b));
        }
    }

    private void write(ByteBuf bytes) {
        if (!open) {
            bytes.release();
            return;
        }
        if (channel.isWritable() && pending == null) {
            channel.writeAndFlush(new DefaultHttpContent(bytes));
        } else {
            if (pending != null) {
                pending.release();
            }
            pending = bytes; // the newest whole state wins
        }
    }

    private void beat() {
        if (open && channel.isWritable()) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(": keep-alive\n\n", StandardCharsets.UTF_8)));
        }
    }

    private void closed() {
        open = false;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (pending != null) {
            pending.release();
            pending = null;
        }
        for (Runnable r : onClose) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("an event stream's close action failed", e);
            }
        }
        onClose.clear();
    }
}
