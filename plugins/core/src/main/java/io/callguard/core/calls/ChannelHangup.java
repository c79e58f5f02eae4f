package io.callguard.core.calls;

/**
 * Asks Asterisk to hang up a channel (the server implements it with an AMI {@code Hangup} action). Must not block:
 * the request is sent, not awaited.
 */
@FunctionalInterface
public interface ChannelHangup {
    /** Q.850 16, normal clearing. */
    int NORMAL_CLEARING = 16;

    /**
     * @param channel the Asterisk channel name, e.g. {@code PJSIP/trunk-a-00000001}
     * @param cause   the Q.850 hangup cause to report
     */
    void hangup(String channel, int cause);
}
