package ascc.routing.billing;

import java.util.Objects;

/**
 * A usage band: companies whose monthly <em>answered</em> calls are in {@code [fromAnswered, toAnswered]} need
 * {@code fteMilli / 1000} agents.
 *
 * @param name tier name, e.g. {@code T3}
 * @param fromAnswered lowest monthly answered calls of the band (inclusive)
 * @param toAnswered highest monthly answered calls of the band (inclusive); {@link Long#MAX_VALUE} when open-ended
 * @param fteMilli agent full-time equivalents in thousandths (1.7 agents = 1700)
 */
public record Tier(String name, long fromAnswered, long toAnswered, int fteMilli) {
    public Tier {
        Objects.requireNonNull(name, "name");
        if (fromAnswered < 0 || toAnswered < fromAnswered) {
            throw new IllegalArgumentException("tier " + name + ": band " + fromAnswered + ".." + toAnswered + " is empty or negative");
        }
        if (fteMilli < 0) {
            throw new IllegalArgumentException("tier " + name + ": fte must not be negative (fteMilli=" + fteMilli + ")");
        }
    }

    public boolean contains(long answered) {
        return answered >= fromAnswered && answered <= toAnswered;
    }

    public boolean openEnded() {
        return toAnswered == Long.MAX_VALUE;
    }

    /** {@code 1700} as {@code 1.700}. */
    public String fte() {
        return fteMilli / 1000 + "." + String.format(java.util.Locale.ROOT, "%03d", fteMilli % 1000);
    }

    /** {@code 0..499} or {@code 3000..}. */
    public String band() {
        return fromAnswered + ".." + (openEnded() ? "" : Long.toString(toAnswered));
    }
}
