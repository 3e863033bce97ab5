package ascc.core.ami;

/**
 * Connection state of the {@link AmiClient}:
 * {@code DISCONNECTED -> CONNECTING -> AUTHENTICATING -> CONNECTED -> DISCONNECTED -> ...};
 * {@code FAILED} after a fatal failure (no more attempts), {@code CLOSED} after {@link AmiClient#close()}.
 */
public enum AmiState {
    DISCONNECTED, CONNECTING, AUTHENTICATING, CONNECTED, FAILED, CLOSED
}
