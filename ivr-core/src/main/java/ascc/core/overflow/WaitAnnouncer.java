package ascc.core.overflow;

import ascc.core.ami.AmiAction;
import ascc.routing.Phones;
import ascc.routing.asterisk.ChannelVars;
import ascc.routing.asterisk.Channels;
import ascc.routing.asterisk.Queues;
import ascc.routing.config.Desk;
import ascc.routing.config.WaitingRules;
import ascc.routing.waiting.WaitAnnouncement;
import ascc.routing.waiting.WaitModel;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells waiting callers where they stand ({@code overflow.yaml} {@code waiting:}): at entry and every
 * {@code announce-every-seconds}, each caller of a desk hears their position and the estimated wait of the engine's
 * {@link WaitModel}. Played without taking the caller out of the queue: an AMI {@code Originate} of
 * {@code Local/<unique id>@ascc-wait-say} whose dialplan leg plays the sounds and whose other leg runs
 * {@code ChanSpy(<caller's channel>,qwE)}: ChanSpy's whisper mixes them into what the caller hears (the music), the caller
 * keeps their place and their key. When an agent answers during an announcement, its channels are hung up.
 *
 * <p>Runs on overflow's actor (no lock, no I/O but async AMI sends).
 */
final class WaitAnnouncer {
    private static final Logger LOG = LoggerFactory.getLogger(WaitAnnouncer.class);
    /** How long the announcement's Originate may take to answer (its Local channel answers at once). */
    static final long ORIGINATE_TIMEOUT_MS = 10_000;

    /** A caller waiting in a desk's queue now, in queue order. */
    record Caller(String uniqueId, String channel, String number, int position) {
        @Override
        public String toString() {
            return "Caller[" + uniqueId + ", " + channel + ", " + Phones.mask(number) + ", position " + position + "]";
        }
    }

    /** The link of the box a caller (channel name or unique id) is on. */
    private final java.util.function.Function<String, OverflowAmi> ami;
    /** uniqueId -> when its last announcement was sent. */
    private final Map<String, Instant> lastAnnounced = new HashMap<>();
    /** Callers with an announcement that may still be playing, since when (a lost end is forgotten after {@link #PLAYING_AT_MOST}). */
    private final Map<String, Instant> playing = new HashMap<>();
    /** An announcement whose end was not heard counts as over after this. */
    static final Duration PLAYING_AT_MOST = Duration.ofSeconds(60);

    WaitAnnouncer(OverflowAmi ami) {
        this(channel -> ami);
    }

    /** With several boxes: each caller's announcement is originated on (and hung up through) the caller's box's link. */
    WaitAnnouncer(java.util.function.Function<String, OverflowAmi> forChannel) {
        this.ami = java.util.Objects.requireNonNull(forChannel, "forChannel");
    }

    /** The announcement for the caller at {@code position} of a desk in state {@code desk}. */
    static List<String> files(WaitModel.Desk desk, int position) {
        return WaitAnnouncement.files(position, WaitModel.estimate(desk, position));
    }

    /** One pass over one desk's waiting callers (place holders and callers being moved left out by the caller). */
    void check(Desk desk, WaitingRules.Settings s, List<Caller> waiting, int staffed, int free, Duration recentHandle, Instant now) {
        if (!s.enabled() || waiting.isEmpty()) {
            return;
        }
        WaitModel.Desk model = new WaitModel.Desk(staffed, Math.min(free, staffed), recentHandle, Duration.ofSeconds(desk.wrapUpSeconds()),
                Duration.ofSeconds(s.defaultHandleSeconds()));
        for (Caller c : waiting) {
            Instant last = lastAnnounced.get(c.uniqueId());
            Instant since = playing.get(c.uniqueId());
            boolean stillPlaying = since != null && now.isBefore(since.plus(PLAYING_AT_MOST));
            // never two at once: the next one starts once the last has ended and the interval has passed since it started
            boolean due = !stillPlaying && (last == null || (s.announceEverySeconds() > 0
                    && !now.isBefore(last.plusSeconds(s.announceEverySeconds()))));
            if (due && c.channel() != null) {
                lastAnnounced.put(c.uniqueId(), now);
                announce(desk, c, files(model, c.position()), WaitModel.estimate(model, c.position()), now);
            }
        }
    }

    private void announce(Desk desk, Caller c, List<String> files, Optional<Duration> estimate, Instant now) {
        String playback = WaitAnnouncement.playbackArgument(files);
        AmiAction o = AmiAction.of("Originate")
                .with("Channel", Channels.waitAnnouncerDial(c.uniqueId()))
                .with("Application", "ChanSpy")
                .with("Data", c.channel() + "," + Queues.WHISPER_OPTIONS)
                .with("Async", "true")
                .with("Timeout", ORIGINATE_TIMEOUT_MS)
                .with("CallerID", "\"Wait\" <0>")
                .with("Variable", ChannelVars.assign(ChannelVars.WAIT_FOR, c.uniqueId()))
                .with("Variable", ChannelVars.assign(ChannelVars.WAIT_FILES, playback))
                .with("Variable", "CDR_PROP(disable)=1");
        playing.put(c.uniqueId(), now);
        LOG.info("desk {}: caller {} at position {} hears the wait (estimate {})", desk.id(), c.uniqueId(), c.position(),
                estimate.map(d -> d.toSeconds() + " s").orElse("unknown: nobody staffed"));
        ami.apply(c.channel()).send(o, (r, err) -> {
            if (err != null) {
                playing.remove(c.uniqueId());
                LOG.warn("desk {}: wait announcement for caller {} not started: {}", desk.id(), c.uniqueId(), err.getMessage());
            }
        });
    }

    /** An agent answered {@code uniqueId}: an announcement still whispering would talk over the agent, so it is hung up. */
    void connected(String uniqueId) {
        if (uniqueId == null || playing.remove(uniqueId) == null) {
            return;
        }
        // Asterisk's POSIX regex: only the dot of the unique id needs escaping
        String regex = "/^" + Channels.waitAnnouncerDial(uniqueId).replace("/n", "").replace(".", "\\.") + "-/";
        ami.apply(uniqueId).send(AmiAction.of("Hangup").with("Channel", regex), (r, err) -> {
            // an announcement that ended already has no channel: nothing to hang up
        });
    }

    /** The announcement for {@code uniqueId} ended (its UserEvent). */
    void played(String uniqueId) {
        if (uniqueId != null) {
            playing.remove(uniqueId);
        }
    }

    /** The caller hung up or left for good. */
    void forget(String uniqueId) {
        if (uniqueId != null) {
            lastAnnounced.remove(uniqueId);
            playing.remove(uniqueId);
        }
    }

    /** Callers remembered (for tests: bounded by the callers waiting). */
    int remembered() {
        return lastAnnounced.size();
    }
}
