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

    /**
     * Hangs up a live call's channel on the platform that carries it: with several Asterisk servers the adapter
     * routes by the call's key ({@link CallKeys}), since two servers may have channels of the same name. The default
     * hangs up {@code call.channel()}.
     */
    default void hangup(LiveCall call, int cause) { hangup(call.channel(), cause); }
}
