package ascc.core.feature;

/**
 * One capability of the engine (inbound calls, agents, overflow, campaigns, billing, recordings, admin HTTP, ...). Its
 * constructor starts it from a {@link FeatureContext} and the features it needs (plain constructor arguments, so every
 * dependency exists before it is used); {@link #close()} stops it. {@link Features} starts them in order and closes
 * them in reverse.
 */
public interface Feature extends AutoCloseable {
    /** Stops what the constructor started; never throws (problems are logged). */
    @Override
    void close();
}
