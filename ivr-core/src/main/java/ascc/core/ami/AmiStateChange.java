package ascc.core.ami;

/**
 * A state transition of the {@link AmiClient}.
 *
 * @param from previous state
 * @param to new state
 * @param failure why the connection was lost or refused (for DISCONNECTED/FAILED), else null
 */
public record AmiStateChange(AmiState from, AmiState to, AmiFailure failure) {
}
