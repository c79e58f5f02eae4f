package io.callguard.siprates;

import io.callguard.core.net.AddressRanges;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One entry of a trunk's sip-addresses, as pjsip's {@code identify match=}: an IP literal or a CIDR range (IPv4,
 * IPv6), never a name (no DNS). Kept canonical: the address as {@link InetAddress#getHostAddress} writes it (the form
 * the capture's source addresses take), a range's host bits cleared, a full-length prefix as the bare address.
 *
 * @param text    the canonical text ({@code 203.0.113.5}, {@code 198.51.100.0/28})
 * @param network the address or the range's network, host bits cleared
 * @param prefix  the prefix length: 32 or 128 for an exact address
 */
public record TrunkAddress(String text, byte[] network, int prefix) {
    /** @throws IllegalArgumentException saying why {@code raw} is not an IP literal or CIDR range */
    public static TrunkAddress parse(String raw) {
        String e = raw == null ? "" : raw.trim();
        int slash = e.indexOf('/');
        byte[] address = AddressRanges.literal(slash < 0 ? e : e.substring(0, slash));
        if (address == null) throw new IllegalArgumentException("'" + e + "' is not an IP address or CIDR range (no host names)");
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = e.substring(slash + 1);
            prefix = p.matches("\\d{1,3}") ? Integer.parseInt(p) : -1;
            if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("'" + e + "': bad prefix length (0.." + bits + ")");
        }
        byte[] network = masked(address, prefix);
        String host;
        try {
            host = InetAddress.getByAddress(network).getHostAddress();
        } catch (UnknownHostException x) {
            throw new IllegalArgumentException("'" + e + "' is not an IP address", x);
        }
        return new TrunkAddress(prefix == bits ? host : host + "/" + prefix, network, prefix);
    }

    /** Whether this is one address rather than a range. */
    public boolean exact() { return prefix == network.length * 8; }

    /** Whether this and {@code other} share at least one address (same family, one within the other). */
    public boolean overlaps(TrunkAddress other) {
        if (network.length != other.network.length) return false;
        int shorter = Math.min(prefix, other.prefix);
        return Arrays.equals(masked(network, shorter), masked(other.network, shorter));
    }

    /** {@code address} with the bits past {@code prefix} cleared (a copy). */
    static byte[] masked(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override public boolean equals(Object o) { return o instanceof TrunkAddress t && t.text.equals(text); }

    @Override public int hashCode() { return text.hashCode(); }

    @Override public String toString() { return text; }
}
