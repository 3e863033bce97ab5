package ascc.routing.simulate;

import java.util.Arrays;

/**
 * A distribution of seconds (handle time, patience). Sampled from exactly two uniform numbers, so one call consumes the same
 * random numbers whatever the distribution: two runs with the same seed see the same calls (common random numbers, what
 * {@code --compare} relies on).
 */
public sealed interface Distribution permits Distribution.Exponential, Distribution.LogNormal, Distribution.Fixed,
        Distribution.Empirical, Distribution.Never {

    /** A sample in seconds from two independent uniforms in [0, 1). */
    double sample(double u1, double u2);

    /** The mean in seconds ({@link Double#POSITIVE_INFINITY} for {@link Never}). */
    double mean();

    /** As written in a traffic profile, e.g. {@code exponential 180}. */
    String describe();

    /** Exponential with the given mean. */
    record Exponential(double meanSeconds) implements Distribution {
        public Exponential {
            positive(meanSeconds);
        }

        @Override
        public double sample(double u1, double u2) {
            return -meanSeconds * Math.log1p(-u1);
        }

        @Override
        public double mean() {
            return meanSeconds;
        }

        @Override
        public String describe() {
            return "exponential " + fmt(meanSeconds);
        }
    }

    /** Log-normal with the given mean and standard deviation (of the seconds, not of their log). */
    record LogNormal(double meanSeconds, double sdSeconds) implements Distribution {
        public LogNormal {
            positive(meanSeconds);
            positive(sdSeconds);
        }

        @Override
        public double sample(double u1, double u2) {
            double s2 = Math.log1p(sdSeconds * sdSeconds / (meanSeconds * meanSeconds));
            double mu = Math.log(meanSeconds) - s2 / 2;
            double z = Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2); // Box-Muller
            return Math.exp(mu + Math.sqrt(s2) * z);
        }

        @Override
        public double mean() {
            return meanSeconds;
        }

        @Override
        public String describe() {
            return "lognormal " + fmt(meanSeconds) + " sd " + fmt(sdSeconds);
        }
    }

    /** Always the same value. */
    record Fixed(double seconds) implements Distribution {
        public Fixed {
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw new IllegalArgumentException("seconds must be >= 0 and finite, got " + seconds);
            }
        }

        @Override
        public double sample(double u1, double u2) {
            return seconds;
        }

        @Override
        public double mean() {
            return seconds;
        }

        @Override
        public String describe() {
            return "fixed " + fmt(seconds);
        }
    }

    /** The observed values (e.g. from call history), each equally likely. */
    record Empirical(double[] seconds) implements Distribution {
        public Empirical {
            if (seconds.length == 0) {
                throw new IllegalArgumentException("an empirical distribution needs at least one value");
            }
            seconds = seconds.clone();
            Arrays.sort(seconds);
        }

        @Override
        public double sample(double u1, double u2) {
            return seconds[Math.min(seconds.length - 1, (int) (u1 * seconds.length))];
        }

        @Override
        public double mean() {
            double s = 0;
            for (double v : seconds) {
                s += v;
            }
            return s / seconds.length;
        }

        @Override
        public String describe() {
            return "empirical of " + seconds.length + " values, mean " + fmt(mean());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Empirical e && Arrays.equals(seconds, e.seconds);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(seconds);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Callers who never hang up (patience without limit). */
    record Never() implements Distribution {
        @Override
        public double sample(double u1, double u2) {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public double mean() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public String describe() {
            return "never";
        }
    }

    private static void positive(double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("must be > 0 and finite, got " + v);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
