package ascc.core.durable;

/** Lets tests of other packages kill a {@link DurableWriter} as a kill -9 would ({@link DurableWriter#crash}). */
public final class Crashes {
    private Crashes() {
    }

    /** The writer's thread stops: nothing written, spooled or closed; what it held is only in its write-ahead journal. */
    public static void kill(DurableWriter<?> writer) {
        writer.crash();
    }
}
