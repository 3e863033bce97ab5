package ascc.core.ami;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AMI connection: login, correlation of responses and list events by ActionID, keepalive.
 * Everything but {@link #submit} and {@link #closeChannel} runs on the channel's event loop, so the per-channel
 * state (pending actions, login progress) needs no locks. A new session is made for every connection attempt.
 */
final class AmiSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AmiSession.class);

    private final AmiClient client;
    private final AmiSettings settings;
    private final String where;
    private volatile Channel channel;
    private volatile AmiFailure failure;

    // event-loop only
    private ChannelHandlerContext ctx;
    private final Map<String, Pending> pending = new HashMap<>();
    private boolean authenticated;
    private boolean bootedSeen;
    private boolean connectedSignalled;
    private ScheduledFuture<?> bootWait;

    /** An action waiting for its response (and, for list actions, for its complete event). */
    private static final class Pending {
        final AmiAction action;
        final String completeEvent;
        final CompletableFuture<List<AmiMessage>> future = new CompletableFuture<>();
        final List<AmiMessage> items = new ArrayList<>();
        boolean responded;
        ScheduledFuture<?> timer;

        Pending(AmiAction action, String completeEvent) {
            this.action = action;
            this.completeEvent = completeEvent;
        }

        String describe() {
            return action.name() + " (ActionID=" + action.actionId() + ")";
        }
    }

    AmiSession(AmiClient client, AmiSettings settings, String where) {
        this.client = client;
        this.settings = settings;
        this.where = where;
    }

    ChannelInitializer<Channel> initializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                channel = ch;
                ch.pipeline()
                    .addLast("idle", new IdleStateHandler(settings.deadAfter().toMillis(), settings.pingInterval().toMillis(),
                        0, TimeUnit.MILLISECONDS))
                    .addLast("decoder", new AmiDecoder(settings.maxLineLength(), settings.maxMessageBytes()))
                    .addLast("session", AmiSession.this);
            }
        };
    }

    AmiFailure failure() {
        return failure;
    }

    /** Keeps the first failure of this connection: it is the cause, later ones are consequences. */
    void recordFailure(AmiFailure f) {
        if (failure == null) {
            failure = f;
        }
    }

    Future<?> closeChannel() {
        Channel ch = channel;
        return ch == null ? ImmediateEventExecutor.INSTANCE.newSucceededFuture(null) : ch.close();
    }

    /** Any thread: queues {@code action} (ActionID already set) on the event loop. */
    CompletableFuture<List<AmiMessage>> submit(AmiAction action, Duration timeout, String completeEvent) {
        Pending p = new Pending(action, completeEvent);
        Channel ch = channel;
        if (ch == null) {
            p.future.completeExceptionally(lost(p, "no channel"));
            return p.future;
        }
        try {
            ch.eventLoop().execute(() -> write(p, timeout));
        } catch (RejectedExecutionException e) {
            p.future.completeExceptionally(lost(p, "I/O thread stopped"));
        }
        return p.future;
    }

    private void write(Pending p, Duration timeout) {
        if (ctx == null || !ctx.channel().isActive()) {
            p.future.completeExceptionally(lost(p, "connection not open"));
            return;
        }
        String id = p.action.actionId();
        pending.put(id, p);
        p.timer = ctx.executor().schedule(() -> timedOut(id, p, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        LOG.trace("AMI {} -> {}", where, p.action);
        ctx.writeAndFlush(ByteBufUtil.writeUtf8(ctx.alloc(), p.action.encode())).addListener(f -> {
            if (!f.isSuccess() && pending.remove(id, p)) {
                p.timer.cancel(false);
                p.future.completeExceptionally(new AmiException(AmiFailure.retriable(
                    "cannot write " + p.describe() + " to AMI " + where, f.cause())));
            }
        });
    }

    private void timedOut(String id, Pending p, Duration timeout) {
        if (!pending.remove(id, p)) {
            return;
        }
        String what = p.completeEvent == null
            ? "no response to " + p.describe()
            : "no " + p.completeEvent + " for " + p.describe() + " (response received: " + p.responded + ", "
                + p.items.size() + " events so far)";
        p.future.completeExceptionally(new AmiException(AmiFailure.retriable(
            what + " from AMI " + where + " within " + timeout.toMillis() + " ms", null)));
    }

    private AmiException lost(Pending p, String why) {
        AmiFailure f = failure;
        return new AmiException(AmiFailure.retriable("AMI connection " + where + " lost before response to " + p.describe()
            + ": " + why + (f == null ? "" : " (" + f.reason() + ")"), f == null ? null : f.cause()));
    }

    // ---------------------------------------------------------------- channel events

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        LOG.debug("AMI {} TCP connected", where);
        client.authenticating();
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (msg instanceof AmiBanner banner) {
            onBanner(banner);
        } else if (msg instanceof AmiMessage m) {
            LOG.trace("AMI {} <- {}", where, m);
            onMessage(m);
        } else {
            LOG.warn("AMI {}: unexpected object from decoder: {}", where, msg.getClass().getName());
        }
    }

    private void onBanner(AmiBanner banner) {
        if (!banner.text().startsWith("Asterisk Call Manager/")) {
            LOG.warn("AMI {}: unexpected banner '{}', trying to log in anyway", where, banner.text());
        } else {
            LOG.info("AMI {}: {}", where, banner.text());
        }
        AmiAction login = AmiAction.of("Login")
            .with("Username", settings.user())
            .with("Secret", settings.secret().reveal())
            .withActionId(client.nextActionId());
        Pending p = new Pending(login, null);
        write(p, settings.responseTimeout());
        p.future.whenComplete((r, err) -> loginDone(err));
    }

    /** Runs on the event loop: the login future completes there (response, timeout or channel loss). */
    private void loginDone(Throwable err) {
        if (err != null) {
            if (err instanceof AmiException ae && ae.response() != null) {
                recordFailure(AmiFailure.loginError(ae.response().get("Message"), "'" + settings.user() + "' to " + settings.host()
                    + ":" + settings.port()));
            } else {
                recordFailure(AmiFailure.retriable("AMI login to " + where + " did not complete: " + err.getMessage(), err));
            }
            ctx.close();
            return;
        }
        authenticated = true;
        LOG.info("AMI {}: logged in, waiting for FullyBooted", where);
        if (bootedSeen) {
            signalConnected();
            return;
        }
        long waitMs = settings.responseTimeout().toMillis();
        bootWait = ctx.executor().schedule(() -> {
            if (!connectedSignalled && ctx.channel().isActive()) {
                LOG.warn("AMI {}: no FullyBooted within {} ms after login; does the user have 'system' read rights?"
                    + " Continuing as connected", where, waitMs);
                signalConnected();
            }
        }, waitMs, TimeUnit.MILLISECONDS);
    }

    private void signalConnected() {
        if (connectedSignalled) {
            return;
        }
        connectedSignalled = true;
        if (bootWait != null) {
            bootWait.cancel(false);
        }
        client.connected(this);
    }

    private void onMessage(AmiMessage m) {
        if (m.isEvent()) {
            client.countEvent();
            String id = m.actionId();
            Pending p = id == null ? null : pending.get(id);
            if (p != null && p.completeEvent != null) {
                p.items.add(m);
                if (p.completeEvent.equalsIgnoreCase(m.eventName())) {
                    pending.remove(id);
                    p.timer.cancel(false);
                    p.future.complete(List.copyOf(p.items));
                }
                return;
            }
            client.publish(m);
            if ("FullyBooted".equalsIgnoreCase(m.eventName())) {
                bootedSeen = true;
                if (authenticated) {
                    signalConnected();
                }
            }
            return;
        }
        if (m.isResponse()) {
            String id = m.actionId();
            Pending p = id == null ? null : pending.get(id);
            if (p == null) {
                LOG.debug("AMI {}: response for no pending action (late after timeout?): {}", where, m);
                return;
            }
            if ("Error".equalsIgnoreCase(m.response())) {
                pending.remove(id);
                p.timer.cancel(false);
                p.future.completeExceptionally(new AmiException(AmiFailure.fatal(
                    p.describe() + " refused by AMI " + where + ": " + m.get("Message")), m));
            } else if (p.completeEvent == null) {
                pending.remove(id);
                p.timer.cancel(false);
                p.future.complete(List.of(m));
            } else {
                p.responded = true;
            }
            return;
        }
        LOG.warn("AMI {}: message is neither response nor event, ignored: {}", where, m);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                recordFailure(AmiFailure.retriable("nothing read from AMI " + where + " for "
                    + settings.deadAfter().toMillis() + " ms: dead link", null));
                LOG.warn("AMI {}: nothing read for {} ms, closing the connection", where, settings.deadAfter().toMillis());
                context.close();
            } else if (idle.state() == IdleState.WRITER_IDLE && authenticated) {
                Pending ping = new Pending(AmiAction.of("Ping").withActionId(client.nextActionId()), null);
                write(ping, settings.deadAfter());
                ping.future.whenComplete((r, err) -> {
                    if (err != null) {
                        LOG.debug("AMI {}: ping failed: {}", where, err.getMessage());
                    }
                });
            }
            return;
        }
        super.userEventTriggered(context, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        recordFailure(AmiFailure.retriable("AMI stream from " + where + " failed: " + cause.getMessage(), cause));
        LOG.warn("AMI {}: {}; closing the connection", where, cause.toString());
        LOG.debug("AMI {}: stack of the failure", where, cause);
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (bootWait != null) {
            bootWait.cancel(false);
        }
        List<Pending> left = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : left) {
            p.timer.cancel(false);
            p.future.completeExceptionally(lost(p, "connection closed"));
        }
        LOG.debug("AMI {}: channel closed, {} pending actions failed", where, left.size());
        super.channelInactive(context);
    }
}
