package ascc.routing.asterisk;

import java.util.List;

/**
 * AMI events of the classes the engine reads ({@code call}, {@code agent}, ...) that no part of the engine reads: the
 * rendered {@code manager.conf} excludes them for the engine's user ({@code eventfilter(action(exclude),name(...))},
 * matched by a hash of the name), so Asterisk does not send them and the engine's {@code ami-io} does not decode them.
 * Several come with every call (a channel's state and caller-id changes, hang-up requests, bridges, dials). An event
 * added to a consumer must not be listed here; events a test reads over the engine's user (e.g. {@code ChanSpyStart})
 * are not listed either.
 */
public final class UnreadAmiEvents {
    /** The event names, in the order rendered. */
    public static final List<String> NAMES = List.of(
            "Newstate", "NewConnectedLine", "NewCallerid", "NewAccountCode", "NewPeerAccount", "Rename",
            "HangupRequest", "SoftHangupRequest", "HangupHandlerPush", "HangupHandlerRun", "HangupHandlerPop",
            "LocalBridge", "LocalOptimizationBegin", "LocalOptimizationEnd",
            "BridgeCreate", "BridgeEnter", "BridgeLeave", "BridgeDestroy", "BridgeMerge",
            "DialBegin", "DialState", "DialEnd", "MusicOnHoldStart", "MusicOnHoldStop", "Hold", "Unhold",
            "ExtensionStatus", "PresenceStateChange", "ChannelTalkingStart", "ChannelTalkingStop");

    private UnreadAmiEvents() {
    }
}
