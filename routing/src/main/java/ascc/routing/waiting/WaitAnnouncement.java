package ascc.routing.waiting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a waiting caller hears: their position and the estimated wait, as a list of Asterisk core sounds played in order
 * (the same sounds Asterisk's own position announcement uses, so every installation has them): "you are now first in
 * line" or "you are currently caller number N", then, when an estimate exists and is not zero, "the estimated hold time
 * is currently M minute(s)". Numbers are composed from {@code digits/*} files (0..999; beyond that the caller hears 999).
 */
public final class WaitAnnouncement {
    public static final String YOU_ARE_NEXT = "queue-youarenext";
    public static final String CALLER_NUMBER = "queue-thereare";
    public static final String WAITING = "queue-callswaiting";
    public static final String HOLD_TIME = "queue-holdtime";
    public static final String MINUTE = "queue-minute";
    public static final String MINUTES = "queue-minutes";
    /** The most a number read out may be. */
    public static final int MAX_SAID = 999;

    private WaitAnnouncement() {
    }

    /** The sounds for the caller at {@code position} (1 = next) whose estimated wait is {@code estimate} (empty: unknown). */
    public static List<String> files(int position, Optional<Duration> estimate) {
        if (position < 1) {
            throw new IllegalArgumentException("position must be >= 1, got " + position);
        }
        List<String> out = new ArrayList<>();
        if (position == 1) {
            out.add(YOU_ARE_NEXT);
        } else {
            out.add(CALLER_NUMBER);
            out.addAll(number(position));
            out.add(WAITING);
        }
        if (estimate.isPresent() && !estimate.get().isZero()) {
            int minutes = WaitModel.minutesToSay(estimate.get());
            out.add(HOLD_TIME);
            out.addAll(number(minutes));
            out.add(minutes == 1 ? MINUTE : MINUTES);
        }
        return List.copyOf(out);
    }

    /** {@code digits/*} files that say {@code n} (0..999, larger is said as 999). */
    public static List<String> number(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot say a negative number: " + n);
        }
        int v = Math.min(n, MAX_SAID);
        List<String> out = new ArrayList<>();
        if (v >= 100) {
            out.add("digits/" + v / 100);
            out.add("digits/hundred");
            v %= 100;
            if (v == 0) {
                return out;
            }
        }
        if (v <= 20) {
            out.add("digits/" + v);
        } else {
            out.add("digits/" + (v / 10) * 10);
            if (v % 10 != 0) {
                out.add("digits/" + v % 10);
            }
        }
        return out;
    }

    /** The files as one Playback argument ({@code a&b&c}). */
    public static String playbackArgument(List<String> files) {
        return String.join("&", files);
    }
}
