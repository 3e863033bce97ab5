package ascc.routing.campaign;

import ascc.routing.asterisk.Channels;

import java.util.Objects;

/**
 * How campaign calls leave Asterisk ({@code campaigns.yaml} key {@code dial}).
 *
 * @param channel Asterisk channel of the customer with {@code {number}} where the number goes, e.g.
 *        {@code PJSIP/ascc-outbound/sip:{number}@10.0.0.5:5060} (the endpoint ASCC renders, carrier address in the URI)
 * @param ringSeconds how long the customer's phone rings before the attempt counts as no answer (5..120)
 * @param callerId the number shown to customers; empty: the trunk's default
 */
public record Dialing(String channel, int ringSeconds, String callerId) {
    /** Placeholder for the customer's number in {@link #channel}. */
    public static final String NUMBER = "{number}";
    /** Over the rendered outbound endpoint to a carrier on this host at port 5090 (an admin sets the real carrier). */
    public static final Dialing DEFAULT = new Dialing(Channels.outboundDial(NUMBER + "@127.0.0.1:5090"), 30, "");

    public Dialing {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(callerId, "callerId");
        if (!channel.contains(NUMBER)) {
            throw new IllegalArgumentException("dial channel must contain " + NUMBER + " (channel=" + channel + ")");
        }
        if (ringSeconds < 5 || ringSeconds > 120) {
            throw new IllegalArgumentException("ringSeconds must be 5..120 (ringSeconds=" + ringSeconds + ")");
        }
    }

    /** The channel to originate for {@code number} (digits only, checked by the caller). */
    public String channelFor(String number) {
        return channel.replace(NUMBER, number);
    }
}
