package io.callguard.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Addresses and CIDR ranges (IPv4, IPv6), literals only, never a DNS lookup: the sip-rates allow-list
 * ({@code sipRates.allowList}), {@code metrics.allowFrom}.
 */
public final class AddressRanges {
    public static final AddressRanges NONE = new AddressRanges(List.of());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] a) {
            if (a.length != network.length) return false;
            int full = prefix / 8, rest = prefix % 8;
            for (int i = 0; i < full; i++) if (a[i] != network[i]) return false;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) { this.ranges = List.copyOf(ranges); }

    /** @throws IllegalArgumentException naming the entry that is not an address or CIDR range */
    public static AddressRanges parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.trim();
            if (e.isEmpty()) continue;
            int slash = e.indexOf('/');
            byte[] address = literal(slash < 0 ? e : e.substring(0, slash));
            if (address == null) throw new IllegalArgumentException("'" + e + "' is not an IP address or CIDR range");
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException x) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) throw new IllegalArgumentException("'" + e + "': bad prefix length");
            }
            ranges.add(new Range(address, prefix));
        }
        return new AddressRanges(ranges);
    }

    public boolean isEmpty() { return ranges.isEmpty(); }

    /** Whether the literal address {@code host} (as a socket gives it) is in a range; false for anything else. */
    public boolean contains(String host) {
        if (ranges.isEmpty() || host == null) return false;
        byte[] a = literal(host);
        if (a == null) return false;
        for (Range r : ranges) if (r.contains(a)) return true;
        return false;
    }

    /** Whether {@code address} is in a range. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        for (Range r : ranges) if (r.contains(a)) return true;
        return false;
    }

    /** The canonical text of an IP literal (as {@link InetAddress#getHostAddress}), null when it is not one. */
    public static String canonical(String text) {
        byte[] a = literal(text);
        if (a == null) return null;
        try {
            return InetAddress.getByAddress(a).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The bytes of an IP literal (an IPv4-mapped IPv6 address as IPv4), null when {@code text} is not one. */
    public static byte[] literal(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) t = t.substring(1, t.length() - 1);
        if (IPV4.matcher(t).matches()) {
            byte[] a = new byte[4];
            String[] parts = t.split("\\.");
            for (int i = 0; i < 4; i++) {
                int n = Integer.parseInt(parts[i]);
                if (n > 255) return null;
                a[i] = (byte) n;
            }
            return a;
        }
        int zone = t.indexOf('%');
        if (zone >= 0) t = t.substring(0, zone);
        if (t.indexOf(':') < 0 || !t.matches("[0-9A-Fa-f:.]+")) return null;
        try {
            return InetAddress.getByName(t).getAddress(); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
