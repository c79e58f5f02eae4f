package io.callguard.core.calls;

/** Reads Asterisk channel names such as {@code PJSIP/trunk-a-0000002a} or {@code Local/100@ctx-00000001;2}. */
public final class ChannelNames {
    private ChannelNames() { }

    /**
     * The endpoint (peer) part: {@code PJSIP/trunk-a-0000002a} → {@code trunk-a}. Returns an empty string for
     * null, empty or unparseable names; never throws.
     */
    public static String endpointOf(String channel) {
        if (channel == null) return "";
        int slash = channel.indexOf('/');
        if (slash < 0 || slash == channel.length() - 1) return "";
        String rest = channel.substring(slash + 1);
        int semi = rest.indexOf(';');
        if (semi >= 0) rest = rest.substring(0, semi);
        int dash = rest.lastIndexOf('-');
        // Asterisk appends "-" and an 8-hex-digit sequence to every channel name.
        if (dash > 0 && rest.length() - dash - 1 == 8 && isHex(rest, dash + 1)) rest = rest.substring(0, dash);
        int at = rest.indexOf('@');
        if (channel.regionMatches(true, 0, "Local/", 0, 6) && at >= 0) rest = rest.substring(0, at);
        return rest;
    }

    private static boolean isHex(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) return false;
        }
        return true;
    }
}
