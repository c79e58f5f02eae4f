package io.callguard.core.calls;

/**
 * Asterisk's channel state descriptions ({@code ast_state2str}) as constants: every live channel keeps one of these
 * few Strings, and AMI decodes a new copy with each event.
 */
final class ChannelStates {
    private ChannelStates() { }

    /** The constant equal to {@code state}, or null when it is not one of Asterisk's descriptions. */
    static String constant(String state) {
        if (state == null) return null;
        return switch (state) {
            case "Down" -> "Down";
            case "Rsrvd" -> "Rsrvd";
            case "OffHook" -> "OffHook";
            case "Dialing" -> "Dialing";
            case "Ring" -> "Ring";
            case "Ringing" -> "Ringing";
            case "Up" -> "Up";
            case "Busy" -> "Busy";
            case "Dialing Offhook" -> "Dialing Offhook";
            case "Pre-ring" -> "Pre-ring";
            case "Unknown" -> "Unknown";
            case "" -> "";
            default -> null;
        };
    }
}
