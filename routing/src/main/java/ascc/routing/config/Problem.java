package ascc.routing.config;

/**
 * One thing wrong in a config file.
 *
 * @param file file name relative to the config directory, e.g. {@code companies.yaml}
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param key dotted path of the key, e.g. {@code companies[2].categories[0]}
 * @param message what is wrong and what is allowed
 */
public record Problem(String file, int line, String key, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + key + ": " + message;
    }
}
