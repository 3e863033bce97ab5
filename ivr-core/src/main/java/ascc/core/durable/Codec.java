package ascc.core.durable;

/**
 * How one item is written as one line of a {@link DurableSpool} journal and read back. Lines carry a format tag and a
 * checksum ({@link SpoolLines}), so a codec can read lines written by older versions and tell a damaged line.
 *
 * @param <T> the item
 */
public interface Codec<T> {
    /** The item as one line, without line end (no CR or LF in it). */
    String encode(T item);

    /**
     * Reads one line (without its line end).
     *
     * @throws IllegalArgumentException when the line is damaged or not a format this codec reads (the message says why)
     */
    T decode(String line);
}
