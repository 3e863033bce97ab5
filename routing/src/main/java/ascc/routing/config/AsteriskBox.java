package ascc.routing.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Asterisk box the engine works with ({@code engine.yaml} {@code boxes}, or the one-box shorthand {@code ami}): the
 * engine keeps one AMI link to each. Printing masks the AMI secret.
 *
 * @param id the box's id (letters, digits, '-', '_'): the {@code box} label of its metrics, its health probe, the box id on
 *     its calls, and {@code ivr asterisk-config --box <id>}
 * @param amiHost address of the box's Asterisk Manager Interface (rendered into its manager.conf bindaddr)
 * @param amiPort its port
 * @param amiUser the manager user (rendered into its manager.conf)
 * @param amiSecret the manager secret
 * @param sipAddress address the box's SIP transport binds to (rendered into its pjsip.conf): where its phones and trunk send
 * @param trunkCapacity how many trunk calls the box carries at once (at least 1)
 * @param configDir where the engine writes the box's rendered Asterisk files and asks the box over its own link to
 *     reload them; {@code ""} when the box's files are not managed by the engine (the one-box shorthand: {@code
 *     asterisk.config-dir})
 * @param cdrFile the CDR file the box writes ({@code cdr_custom}), read by the node holding lease {@code cdr:<id>} for
 *     the calls no node heard over AMI; {@code ""} when not read (the one-box shorthand: {@code asterisk.cdr-file})
 */
public record AsteriskBox(String id, String amiHost, int amiPort, String amiUser, Secret amiSecret, String sipAddress,
        int trunkCapacity, String configDir, String cdrFile) {
    /** Id of the one box of the shorthand {@code ami:} section. */
    public static final String DEFAULT_ID = "default";
    /** What a box id may be. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");
    /** {@link #ID} in words, for problems. */
    public static final String ID_ALLOWED = "1..32 letters, digits, '-' or '_', starting with a letter or digit";

    /** A box whose files the engine neither writes nor reads. */
    public AsteriskBox(String id, String amiHost, int amiPort, String amiUser, Secret amiSecret, String sipAddress,
            int trunkCapacity) {
        this(id, amiHost, amiPort, amiUser, amiSecret, sipAddress, trunkCapacity, "", "");
    }

    public AsteriskBox {
        Objects.requireNonNull(id, "id");
        configDir = configDir == null ? "" : configDir;
        cdrFile = cdrFile == null ? "" : cdrFile;
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("box id '" + id + "' (allowed: " + ID_ALLOWED + ")");
        }
        if (trunkCapacity < 1) {
            throw new IllegalArgumentException("box " + id + ": trunk capacity must be at least 1, got " + trunkCapacity);
        }
    }

    /** As a record prints, with the AMI secret as {@code ****}. */
    @Override
    public String toString() {
        return Redact.record(this);
    }
}
