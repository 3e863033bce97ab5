package ascc.routing.config;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IP network in CIDR notation ({@code 127.0.0.0/8}, {@code ::1/128}) or one address ({@code 192.0.2.10}, meaning
 * /32 or /128). Parsed from literals only, never a DNS lookup: IPv4 as four dotted decimals, IPv6 (anything with a
 * {@code :}) by {@link InetAddress#getByName}, which takes such a string as a literal only. IPv4 addresses and
 * IPv4-mapped IPv6 addresses ({@code ::ffff:127.0.0.1}) are compared as IPv4.
 *
 * @param text the network as written
 * @param network the address bytes (4 or 16), host bits cleared
 * @param prefix the prefix length
 */
public record IpNetwork(String text, byte[] network, int prefix) {

    /** Allowed text: for problem messages. */
    public static final String ALLOWED = "an IP address or network in CIDR notation, e.g. 127.0.0.1, 192.0.2.0/24 or ::1/128";

    public IpNetwork {
        Objects.requireNonNull(text, "text");
        network = network.clone();
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, got " + network.length);
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix /" + prefix + " is out of 0.." + network.length * 8);
        }
        clearHostBits(network, prefix);
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException with a message saying what is wrong and what is allowed
     */
    public static IpNetwork parse(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = addr.indexOf(':') >= 0 ? ipv6(addr) : ipv4(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("invalid network '" + t + "' (allowed: " + ALLOWED + ")");
        }
        bytes = normalize(bytes);
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("invalid prefix in '" + t + "' (allowed: " + ALLOWED + ")");
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                throw new IllegalArgumentException("prefix /" + prefix + " of '" + t + "' is longer than " + max
                        + " (allowed: " + ALLOWED + ")");
            }
        }
        return new IpNetwork(t, bytes, prefix);
    }

    /** {@code a.b.c.d}, each 0..255 without leading zeros; else null. */
    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    /** An IPv6 literal (no brackets, no zone); else null. */
    private static byte[] ipv6(String s) {
        if (s.length() > 45 || !s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            return null;
        }
        try {
            // with a ':' and only hex digits, dots and colons this is parsed as a literal: no name lookup
            return InetAddress.getByName(s).getAddress();
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code address} lies in this network. */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] a = normalize(address.getAddress());
        if (a.length != network.length) {
            return false;
        }
        clearHostBits(a, prefix);
        return Arrays.equals(a, network);
    }

    /** Whether every address of this network is a loopback address ({@code 127.0.0.0/8}, {@code ::1}). */
    public boolean loopbackOnly() {
        return network.length == 4 ? prefix >= 8 && (network[0] & 0xff) == 127 : prefix == 128 && isV6Loopback(network);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpNetwork n && n.prefix == prefix && Arrays.equals(n.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean isV6Loopback(byte[] b) {
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 1;
    }

    /** IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) to its 4 IPv4 bytes; anything else unchanged. */
    private static byte[] normalize(byte[] b) {
        if (b.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (b[i] != 0) {
                    return b;
                }
            }
            if ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return Arrays.copyOfRange(b, 12, 16);
            }
        }
        return b;
    }

    private static void clearHostBits(byte[] b, int prefix) {
        for (int i = 0; i < b.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] = (byte) (b[i] & (0xff << (8 - bitsHere)));
        }
    }
}
