package ascc.core.billing;

/**
 * One line of a statement.
 *
 * @param no 1-based position
 * @param kind what the line is
 * @param description printable text
 * @param quantity count (calls, minutes, responses) or 1 for fees
 * @param unitPrice KRW per unit, 0 for counts
 * @param amount KRW; part of the total due only for {@link Kind#CHARGE} and {@link Kind#ADJUSTMENT}
 */
public record StatementLine(int no, Kind kind, String description, long quantity, long unitPrice, long amount) {
    /** Line kinds. */
    public enum Kind {
        /** A usage count; amount 0. */
        USAGE,
        /** Information (labor basis, government share); shown, not due. */
        INFO,
        /** Due: company share, base fee, survey responses. */
        CHARGE,
        /** Due: the difference late usage makes to an already closed month. */
        ADJUSTMENT;

        public boolean due() {
            return this == CHARGE || this == ADJUSTMENT;
        }
    }
}
