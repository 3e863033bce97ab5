package ascc.core.cluster;

/**
 * What a dialer needs of the trunk slots ({@link TrunkSlots} in the engine): a slot claimed before a call is originated,
 * and given back when it ends. {@link #NONE} claims nothing (no global limit; the dialer's own link): the tests of a
 * dialer's other rules use it.
 */
public interface TrunkClaims {
    /**
     * Claims a slot for the call {@code key} (a campaign attempt's channel id, {@code cb-<callback id>}, or a provisional
     * key to {@link #rekey} once the call's is known).
     *
     * @return the box to originate the call through; null from {@link #NONE} (the dialer's own link)
     * @throws TrunkSlotFailure when nothing was claimed ({@link NoTrunkSlot}: every slot in use)
     */
    String claim(String key, String kind) throws TrunkSlotFailure;

    /** Renames the slot {@code from} to the call's key {@code to}. */
    void rekey(String from, String to) throws TrunkSlotFailure;

    /** Gives back {@code key}'s slot (idempotent). */
    void release(String key);

    /** No slots: every claim succeeds, on the dialer's own link. */
    TrunkClaims NONE = new TrunkClaims() {
        @Override
        public String claim(String key, String kind) {
            return null;
        }

        @Override
        public void rekey(String from, String to) {
            // nothing held
        }

        @Override
        public void release(String key) {
            // nothing held
        }
    };
}
