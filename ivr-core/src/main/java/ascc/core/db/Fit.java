package ascc.core.db;

/**
 * Cuts text values to their column's width (in characters, as {@code VARCHAR(n)} counts them on MariaDB and H2) and
 * remembers whether it cut any, so that a row with a value too long is stored cut and flagged ({@code truncated}) instead
 * of refused by the database for good (SQLState 22001). One instance per row.
 */
public final class Fit {
    private boolean truncated;

    /** {@code value}, or its first {@code width} characters (code points) when it is longer; null stays null. */
    public String cut(String value, int width) {
        if (value == null || value.length() <= width) {
            return value;
        }
        int points = value.codePointCount(0, value.length());
        if (points <= width) {
            return value;
        }
        truncated = true;
        return value.substring(0, value.offsetByCodePoints(0, width));
    }

    /** True when {@link #cut} cut a value of this row. */
    public boolean truncated() {
        return truncated;
    }
}
