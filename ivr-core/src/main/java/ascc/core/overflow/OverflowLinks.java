package ascc.core.overflow;

import ascc.core.ami.AmiClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where overflow's AMI actions go with several Asterisk boxes (engine.yaml {@code boxes}): a waiting caller's actions
 * (Setvar, Redirect, the wait announcement's Originate and Hangup) to the box its channel is on, an agent's queue-member
 * actions (membership steps) to the box its phone is registered on, the AstDB max penalties to every box.
 */
public interface OverflowLinks {
    /** The link of the box {@code channel} (a channel name or unique id) is on (the first box's when not known). */
    Overflow.Sender forChannel(String channel);

    /** The link of box {@code box} (as its events carry it; the first box's when unknown). */
    Overflow.Sender forBox(String box);

    /** Every box's link, the first box first. */
    List<Overflow.Sender> every();

    /** One link (one box): every action goes to it. */
    static OverflowLinks of(Overflow.Sender one) {
        Objects.requireNonNull(one, "one");
        return new OverflowLinks() {
            @Override
            public Overflow.Sender forChannel(String channel) {
                return one;
            }

            @Override
            public Overflow.Sender forBox(String box) {
                return one;
            }

            @Override
            public List<Overflow.Sender> every() {
                return List.of(one);
            }
        };
    }

    /**
     * Over the engine's links: {@code boxes} (box id as its events carry it -> link, the first box first), {@code forChannel}
     * (the link a channel's actions go to: {@code AmiLinks.forChannel}); every action waits at most {@code timeout}.
     */
    static OverflowLinks over(Map<String, AmiClient> boxes, Function<String, AmiClient> forChannel, Duration timeout) {
        AmiClient first = boxes.values().iterator().next();
        return new OverflowLinks() {
            @Override
            public Overflow.Sender forChannel(String channel) {
                AmiClient c = forChannel.apply(channel);
                return a -> c.send(a, timeout);
            }

            @Override
            public Overflow.Sender forBox(String box) {
                AmiClient c = boxes.getOrDefault(box, first);
                return a -> c.send(a, timeout);
            }

            @Override
            public List<Overflow.Sender> every() {
                return boxes.values().stream().<Overflow.Sender>map(c -> a -> c.send(a, timeout)).toList();
            }
        };
    }
}
