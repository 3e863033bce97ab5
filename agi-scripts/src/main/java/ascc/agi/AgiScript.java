package ascc.agi;

/** One call flow, run once per FastAGI session on its own (virtual) thread; may block. */
@FunctionalInterface
public interface AgiScript {
    void run(AgiChannel channel) throws Exception;
}
