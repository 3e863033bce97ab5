package ascc.core.http;

import ascc.core.metrics.Metrics;
import ascc.routing.config.Secret;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.micrometer.core.instrument.Counter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import ascc.routing.config.HttpLimits;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's small admin HTTP/1.1 server (Netty).
 *
 * <ul>
 *   <li>{@code GET /health}: open, JSON {@code {"status":"UP","checks":{"ami":"UP",...}}}; 200 when UP (or DEGRADED: some of
 *   several boxes down, {@link HealthAnswer}), 503 when DOWN, then
 *   with {@code "reasons":{"ami":"DISCONNECTED: ..."}} for the components that say why.</li>
 *   <li>{@code GET /metrics}: Prometheus text, {@code text/plain; version=0.0.4}.</li>
 *   <li>every other path, including unknown ones and {@code /metrics}, needs {@code Authorization: Bearer <admin token>}
 *       (compared in constant time); without it 401 with {@code WWW-Authenticate: Bearer}. An empty admin token refuses all.</li>
 *   <li>paths under a {@link #selfAuthorizedPrefixRoute self-authorized prefix route}: its handler checks the token itself.</li>
 *   <li>404 for unknown paths, 405 (with {@code Allow}) for a known path with another method, 413 for a body over the limit
 *       (64 KiB by default), 400 for a request Netty cannot parse.</li>
 * </ul>
 * Handlers run on virtual threads ({@code http-handler-N}), never on the {@code http-io} event loop. One request per
 * connection is in flight at a time (reading pauses until the answer is written), so pipelined requests are answered in order.
 *
 * <p>Hardened edges ({@link HttpLimits}): at most {@code maxConnections} connections are open at once (one more is
 * closed at accept); a request must have fully arrived within the read deadline of the connection opening or of the
 * previous answer: the deadline is scheduled once and not moved by arriving bytes, so a client trickling a byte at a
 * time (slowloris) is closed on time; each bearer token (without one: each client address) has a token bucket and over
 * it gets 429 with {@code Retry-After} ({@code /health} is not limited: it answers from cached state). A connection where
 * nothing moves in either direction for the idle timeout (60 s by default) is closed too; a download in progress counts
 * as moving. File answers ({@link HttpResponseSpec#file}) are sent zero-copy from disk with {@code Range} support.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    public static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    public static final int DEFAULT_MAX_BODY = 64 * 1024;
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    /** Rate-limit buckets kept at most (then idle ones are dropped, see {@link RateLimiter}). */
    static final int MAX_RATE_KEYS = 10_000;

    private final String bind;
    private final int port;
    private final Secret adminToken;
    private final Metrics metrics;
    private final HealthCheck health;
    private final Duration idleTimeout;
    private final int maxBodyBytes;
    private final HttpLimits limits;
    private final RateLimiter rateLimiter;
    private final AtomicInteger openConnections = new AtomicInteger();
    private final Counter refusedConnections;
    private final Counter deadlineClosed;
    private final Counter rateLimited;
    private final HttpRoutes routes = new HttpRoutes();
    private final ExecutorService handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("http-handler-", 1).factory());
    private EventLoopGroup group;
    private Channel serverChannel;
    private volatile int boundPort = -1;

    public HttpServer(String bind, int port, Secret adminToken, Metrics metrics, HealthCheck health) {
        this(bind, port, adminToken, metrics, health, DEFAULT_IDLE, DEFAULT_MAX_BODY);
    }

    public HttpServer(String bind, int port, Secret adminToken, Metrics metrics, HealthCheck health, Duration idleTimeout,
                      int maxBodyBytes) {
        this(bind, port, adminToken, metrics, health, idleTimeout, maxBodyBytes, HttpLimits.DEFAULTS, Clock.systemUTC());
    }

    /**
     * @param limits connection cap, read deadline, per-token rate limit
     * @param clock time of the rate limiter's buckets
     */
    public HttpServer(String bind, int port, Secret adminToken, Metrics metrics, HealthCheck health, Duration idleTimeout,
                      int maxBodyBytes, HttpLimits limits, Clock clock) {
        this.bind = bind == null || bind.isBlank() ? "127.0.0.1" : bind;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port out of range: " + port);
        }
        this.port = port;
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.health = Objects.requireNonNull(health, "health");
        this.idleTimeout = idleTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.rateLimiter = new RateLimiter(clock, limits.rateLimitPerSecond(), limits.rateLimitBurst(), MAX_RATE_KEYS);
        this.refusedConnections = metrics.counter("ascc_http_connections_refused_total",
            "HTTP connections closed at accept because max-connections were open");
        this.deadlineClosed = metrics.counter("ascc_http_read_deadline_closed_total",
            "HTTP connections closed because a request had not fully arrived within the read deadline");
        this.rateLimited = metrics.counter("ascc_http_rate_limited_total", "HTTP requests answered 429 (per-token rate limit)");
        metrics.gauge("ascc_http_connections_open", "HTTP connections open now", openConnections::get);
    }

    /**
     * Adds a route (exact path match) behind the admin token. May be called before or after {@link #start()}.
     *
     * @throws IllegalArgumentException if the route exists already or is {@code /health} or {@code /metrics}
     */
    public HttpServer route(String method, String path, Handler handler) {
        routes.add(method, path, handler);
        return this;
    }

    /**
     * Adds a route for every path starting with {@code prefix} (which must end with {@code /}) whose handler checks the
     * {@code Authorization} header itself: the server does NOT require the admin token for it. Used where other tokens
     * than the admin token grant access (a company's token to its own recordings). Exact routes are matched first. The
     * prefix without its last {@code /} is served too ({@code /api/callbacks/} serves {@code /api/callbacks}).
     *
     * @throws IllegalArgumentException if the prefix is malformed, built in, or registered already for the method
     */
    public HttpServer selfAuthorizedPrefixRoute(String method, String prefix, Handler handler) {
        routes.addSelfAuthorizedPrefix(method, prefix, handler);
        return this;
    }

    /**
     * Adds an exact route NOT guarded by the admin token: its handler decides who may use it (web pages: session cookie and
     * role, {@code ascc.core.web}); limits apply as to every route; matched before every other route.
     */
    public HttpServer openRoute(String method, String path, Handler handler) {
        routes.addOpen(method, path, handler);
        return this;
    }

    /** Binds and starts serving; returns the bound port (useful with port 0). */
    public int start() {
        if (adminToken.isEmpty()) {
            LOG.warn("no admin token configured: every HTTP route but /health answers 401");
        }
        group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("http-io"), NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 128)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (openConnections.incrementAndGet() > limits.maxConnections()) {
                        openConnections.decrementAndGet();
                        refusedConnections.increment();
                        LOG.debug("HTTP: refusing a connection from {}: {} open (max-connections)", ch.remoteAddress(),
                            limits.maxConnections());
                        ch.close();
                        return;
                    }
                    ch.closeFuture().addListener(f -> openConnections.decrementAndGet());
                    ch.pipeline()
                        .addLast("idle", new IdleStateHandler(true, 0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS))
                        .addLast("codec", new HttpServerCodec())
                        .addLast("aggregate", new HttpObjectAggregator(maxBodyBytes))
                        .addLast("route", new RequestHandler());
                }
            });
        try {
            serverChannel = b.bind(new InetSocketAddress(bind, port)).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen for HTTP on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info("HTTP listening on {}:{}", bind, boundPort);
        return boundPort;
    }

    /** The bound port, or -1 before {@link #start()}. */
    public int port() {
        return boundPort;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.warn("HTTP handlers still running after 2 s at shutdown");
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handlers.shutdownNow();
        }
        LOG.info("HTTP stopped ({}:{})", bind, boundPort);
    }

    /** Connections open now. */
    int openConnections() {
        return openConnections.get();
    }

    /** Routes a request after the rate limit of {@code rateKey}; runs on a handler thread. */
    HttpResponseSpec dispatch(HttpRequestInfo request, String rateKey) {
        if (request.path().equals("/health")) {
            return dispatch(request);
        }
        long wait = rateLimiter.acquire(rateKey);
        if (wait > 0) {
            rateLimited.increment();
            return HttpResponseSpec.json(429, "{\"error\":\"too many requests\"}").withHeader("Retry-After", Long.toString(wait));
        }
        return dispatch(request);
    }

    /** Routes a request; runs on a handler thread. */
    HttpResponseSpec dispatch(HttpRequestInfo request) {
        String path = request.path();
        if (path.equals("/health")) {
            return request.method().equals("GET") ? health() : notAllowed(List.of("GET"));
        }
        Map<String, Handler> open = routes.open(path);
        if (open != null) {
            Handler h = open.get(request.method());
            return h == null ? notAllowed(List.copyOf(open.keySet())) : invoke(h, request);
        }
        Map<String, Handler> prefixed = routes.selfAuthorized(path);
        if (prefixed != null) {
            Handler h = prefixed.get(request.method());
            return h == null ? notAllowed(List.copyOf(prefixed.keySet())) : invoke(h, request);
        }
        if (!authorized(request)) {
            return HttpResponseSpec.json(401, "{\"error\":\"unauthorized\"}").withHeader("WWW-Authenticate", "Bearer realm=\"ascc\"");
        }
        if (path.equals("/metrics")) {
            return request.method().equals("GET")
                ? new HttpResponseSpec(200, PROMETHEUS_TYPE, metrics.render().getBytes(StandardCharsets.UTF_8), Map.of())
                : notAllowed(List.of("GET"));
        }
        Map<String, Handler> byMethod = routes.exact(path);
        if (byMethod == null || byMethod.isEmpty()) {
            return HttpResponseSpec.json(404, "{\"error\":\"not found\"}");
        }
        Handler handler = byMethod.get(request.method());
        if (handler == null) {
            return notAllowed(List.copyOf(byMethod.keySet()));
        }
        return invoke(handler, request);
    }

    private static HttpResponseSpec invoke(Handler handler, HttpRequestInfo request) {
        String path = request.path();
        try {
            HttpResponseSpec response = handler.handle(request);
            if (response == null) {
                throw new IllegalStateException("handler returned no response");
            }
            return response;
        } catch (Exception e) {
            LOG.error("HTTP handler for {} {} failed", request.method(), path, e);
            return HttpResponseSpec.json(500, "{\"error\":\"internal error\"}");
        }
    }

    private boolean authorized(HttpRequestInfo request) {
        if (adminToken.isEmpty()) {
            return false;
        }
        String auth = request.header("authorization").orElse("");
        if (auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return adminToken.matches(auth.substring(7).strip());
    }

    private HttpResponseSpec health() {
        return HealthAnswer.of(health);
    }

    private static HttpResponseSpec notAllowed(List<String> allowed) {
        return HttpResponseSpec.json(405, "{\"error\":\"method not allowed\"}")
            .withHeader("Allow", String.join(", ", new TreeSet<>(allowed)));
    }

    /** The rate-limit key of a request: its bearer token's digest, or without one the client's address. */
    static String rateKey(String authorization, SocketAddress remote) {
        if (authorization != null && authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
                return "t:" + HexFormat.of().formatHex(d, 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 missing from the JDK", e);
            }
        }
        return remote instanceof InetSocketAddress a && a.getAddress() != null ? "a:" + a.getAddress().getHostAddress() : "a:?";
    }

    /** One per connection; all its state is touched on the connection's event loop only. */
    private final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        /** Answers of this connection, in request order. */
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        /** Closes the connection unless a whole request arrived in time; null while none is awaited. */
        private ScheduledFuture<?> deadline;
        /** Requests read and not yet answered. */
        private int inFlight;
        /** True once this connection carries a server-sent event stream (its {@code sse}; then it takes no more requests). */
        private boolean streaming;
        private SseChannel sse;
        /** What was being written, and how far, at the last idle event (identity hash, progress). */
        private int lastWriting;
        private long lastProgress = -1;

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            armDeadline(ctx);
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            cancelDeadline();
            super.channelInactive(ctx);
        }

        /** Fixed at arming: bytes arriving later do not move it (unlike an idle timer). */
        private void armDeadline(ChannelHandlerContext ctx) {
            cancelDeadline();
            deadline = ctx.executor().schedule(() -> {
                if (deadline != null && ctx.channel().isActive()) {
                    deadline = null;
                    deadlineClosed.increment();
                    LOG.debug("closing HTTP connection from {}: no whole request within {} s", ctx.channel().remoteAddress(),
                        limits.readDeadlineSeconds());
                    ctx.close();
                }
            }, limits.readDeadlineSeconds(), TimeUnit.SECONDS);
        }

        private void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        /** On the event loop, once an answer is written on a kept-alive connection. */
        private void answered(ChannelHandlerContext ctx) {
            inFlight--;
            if (inFlight == 0 && ctx.channel().isActive()) {
                armDeadline(ctx);
                ctx.channel().config().setAutoRead(true);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (sse != null) {
                sse.writable();
            }
            super.channelWritabilityChanged(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (streaming) {
                // an event stream's connection is the stream's alone
                LOG.debug("HTTP: a request on an event stream's connection from {}; closing it", ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            cancelDeadline();
            inFlight++;
            HttpRequestInfo info = null;
            String rateKey = null;
            boolean keepAlive = false;
            if (!req.decoderResult().isFailure()) {
                try {
                    QueryStringDecoder uri = new QueryStringDecoder(req.uri());
                    Map<String, String> headers = new HashMap<>();
                    req.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
                    byte[] body = new byte[req.content().readableBytes()];
                    req.content().readBytes(body);
                    info = new HttpRequestInfo(req.method().name(), uri.path(), uri.parameters(), headers, body);
                    SocketAddress remote = ctx.channel().remoteAddress();
                    headers.put(HttpRequestInfo.REMOTE_ADDRESS, remote instanceof InetSocketAddress a && a.getAddress() != null
                            ? a.getAddress().getHostAddress() : "?");
                    rateKey = rateKey(headers.get("authorization"), remote);
                    keepAlive = HttpUtil.isKeepAlive(req);
                } catch (IllegalArgumentException e) {
                    // a malformed percent-escape in the target (QueryStringDecoder): the client's error, answered 400
                    LOG.debug("HTTP: bad request target from {}: {}", ctx.channel().remoteAddress(), e.getMessage());
                    info = null;
                }
            }
            HttpRequestInfo request = info;
            String key = rateKey;
            boolean keep = keepAlive;
            // stop reading until answered, and chain answers so they stay in order even if a client pipelines
            ctx.channel().config().setAutoRead(false);
            CompletableFuture<Void> answered = new CompletableFuture<>();
            tail.whenComplete((ignored, previousFailure) -> {
                try {
                    handlers.execute(() -> {
                        try {
                            if (request == null) {
                                writeOnLoop(ctx, HttpResponseSpec.json(400, "{\"error\":\"bad request\"}"), false);
                            } else {
                                write(ctx, dispatch(request, key), request, keep);
                            }
                        } finally {
                            answered.complete(null);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    writeOnLoop(ctx, HttpResponseSpec.json(503, "{\"error\":\"shutting down\"}"), false);
                    answered.complete(null);
                }
            });
            tail = answered;
        }

        private void writeOnLoop(ChannelHandlerContext ctx, HttpResponseSpec spec, boolean keepAlive) {
            write(ctx, spec, null, keepAlive);
        }

        /** Writes an answer (from a handler thread or the event loop); a file answer is streamed from disk. */
        private void write(ChannelHandlerContext ctx, HttpResponseSpec spec, HttpRequestInfo request, boolean keepAlive) {
            if (spec.file() != null) {
                writeFile(ctx, spec, request, keepAlive);
                return;
            }
            if (spec.stream() != null) {
                ctx.executor().execute(() -> startStream(ctx, spec));
                return;
            }
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(spec.status()),
                Unpooled.wrappedBuffer(spec.bodyUnsafe()));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, spec.contentType());
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, spec.bodyLength());
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            spec.headers().forEach((k, v) -> res.headers().set(k, v));
            HttpUtil.setKeepAlive(res, keepAlive);
            ctx.writeAndFlush(res).addListener(afterAnswer(ctx, keepAlive));
        }

        private ChannelFutureListener afterAnswer(ChannelHandlerContext ctx, boolean keepAlive) {
            return f -> {
                if (!keepAlive || !f.isSuccess()) {
                    f.channel().close();
                } else {
                    answered(ctx);
                }
            };
        }

        /**
         * On the event loop: the connection becomes an event stream: no read deadline (nothing more is to arrive), reading on
         * (so a closing browser is seen at once), heartbeats keep the idle timeout away.
         */
        private void startStream(ChannelHandlerContext ctx, HttpResponseSpec spec) {
            if (!ctx.channel().isActive()) {
                return;
            }
            cancelDeadline();
            streaming = true;
            inFlight = 0;
            sse = SseChannel.start(ctx.channel(), spec);
            ctx.channel().config().setAutoRead(true);
        }

        /** Streams {@code spec.file()} ({@link FileAnswer}), or answers 404 / 416 instead. */
        private void writeFile(ChannelHandlerContext ctx, HttpResponseSpec spec, HttpRequestInfo request, boolean keepAlive) {
            HttpResponseSpec instead = FileAnswer.send(ctx, spec, request, keepAlive, afterAnswer(ctx, keepAlive));
            if (instead != null) {
                write(ctx, instead, request, keepAlive);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                if (outputMoved(ctx)) {
                    // an answer (a long download) is still being sent: not idle. Netty's handler fires its first
                    // event whatever the output did; later ones only when nothing moved since
                    return;
                }
                LOG.debug("closing idle HTTP connection from {}", ctx.channel().remoteAddress());
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        /** True when an answer is being written and has progressed since the last idle event. */
        private boolean outputMoved(ChannelHandlerContext ctx) {
            ChannelOutboundBuffer buf = ctx.channel().unsafe().outboundBuffer();
            if (buf == null || buf.current() == null) {
                return false;
            }
            int writing = System.identityHashCode(buf.current());
            long progress = buf.currentProgress();
            boolean moved = writing != lastWriting || progress != lastProgress;
            lastWriting = writing;
            lastProgress = progress;
            return moved;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
