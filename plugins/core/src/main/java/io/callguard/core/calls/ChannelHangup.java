package io.callguard.core.calls;

/**
 * Asks the telephony platform to hang up a channel: the narrow view of
 * {@link io.callguard.core.control.CallControl} that rules which only cut calls (call caps, suspensions) depend on.
 * Must not block: the request is sent, not awaited.
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
