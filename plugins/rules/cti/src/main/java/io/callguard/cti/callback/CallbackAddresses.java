package io.callguard.cti.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which resolved addresses a status callback must not reach unless {@link CallbackSettings#allowPrivateAddresses()}:
 * anything that is not a public unicast address, so that a client's URL cannot make callguard call into its own
 * host or network (SSRF). Checked by the poster on the addresses it then connects to, not on the URL text.
 */
public final class CallbackAddresses {
    private CallbackAddresses() { }

    /**
     * True for loopback (127/8, ::1), any-local (0.0.0.0, ::) and 0/8, site-local (10/8, 172.16/12, 192.168/16,
     * fec0::/10), shared CGNAT space (100.64/10), link-local (169.254/16, fe80::/10), multicast, broadcast,
     * unique-local IPv6 (fc00::/7), and the IPv4-mapped or IPv4-compatible IPv6 forms of those IPv4 ranges.
     */
    public static boolean isNonPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0
                    || (first == 100 && (second & 0xc0) == 64)
                    || (first == 255 && (b[1] & b[2] & b[3] & 0xff) == 0xff);
        }
        if (a instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) return true; // unique-local fc00::/7
            Inet4Address embedded = embeddedIpv4(b);
            return embedded != null && isNonPublic(embedded);
        }
        return true; // an unknown address family: refuse rather than guess
    }

    /** The IPv4 address of ::ffff:a.b.c.d (mapped) or ::a.b.c.d (compatible), else null. */
    private static Inet4Address embeddedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return null;
        boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = b[10] == 0 && b[11] == 0;
        if (!mapped && !compatible) return null;
        try {
            return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }
}
