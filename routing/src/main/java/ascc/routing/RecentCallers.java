package ascc.routing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who called lately, in memory, so the call path never asks the database: caller number -> the last call's time and inquiry
 * type. Fed by finished calls (and at start from the stored calls of the last days); {@link #prune} drops entries older than
 * the repeat window. Thread-safe.
 */
public final class RecentCallers {
    /**
     * A caller's last call.
     *
     * @param at when it arrived
     * @param inquiryType its inquiry type id ({@link InquiryType#id()}), or null when none was chosen
     */
    public record LastCall(Instant at, String inquiryType) {
        public LastCall {
            Objects.requireNonNull(at, "at");
        }
    }

    private final ConcurrentHashMap<String, LastCall> byNumber = new ConcurrentHashMap<>();

    /** Notes a call; an older call than the one already known for the number is ignored. Blank numbers are ignored. */
    public void record(String callerNumber, Instant at, String inquiryType) {
        String key = key(callerNumber);
        if (key == null || at == null) {
            return;
        }
        LastCall call = new LastCall(at, inquiryType);
        byNumber.merge(key, call, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }

    /** The number's last call at or after {@code since}. */
    public Optional<LastCall> since(String callerNumber, Instant since) {
        String key = key(callerNumber);
        LastCall c = key == null ? null : byNumber.get(key);
        return c == null || c.at().isBefore(since) ? Optional.empty() : Optional.of(c);
    }

    /** Drops calls before {@code before}; returns how many. */
    public int prune(Instant before) {
        int[] n = {0};
        byNumber.entrySet().removeIf(e -> {
            boolean old = e.getValue().at().isBefore(before);
            n[0] += old ? 1 : 0;
            return old;
        });
        return n[0];
    }

    public int size() {
        return byNumber.size();
    }

    /** Digits only, {@code +82 10...} as {@code 010...}; null for no number. */
    static String key(String number) {
        if (number == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(number.length());
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        String d = sb.toString();
        if (number.trim().startsWith("+82") && d.startsWith("82")) {
            d = "0" + d.substring(2);
        }
        return d.isEmpty() ? null : d;
    }
}
