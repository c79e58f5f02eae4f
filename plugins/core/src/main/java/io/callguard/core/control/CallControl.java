package io.callguard.core.control;

import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.calls.LiveCall;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Acts on calls through the telephony platform. {@link ChannelHangup} is its narrow view: rules that only cut
 * calls (call caps, suspensions) take that one, click-to-call takes this one. Implementations never block the
 * caller; every stage completes on the implementation's own thread or context.
 */
public interface CallControl extends ChannelHangup {
    /**
     * Asks the platform to place {@code request}. The stage completes once the platform accepted or refused the
     * request; the call's progress arrives later as {@link CallEvent}s ({@link CallEvent.OriginateResult} carries
     * {@link OriginateRequest#correlationId()}). The stage fails when the platform cannot be reached at all.
     */
    CompletionStage<OriginateReply> originate(OriginateRequest request);

    /**
     * The key the call tracker and the call events will give the first leg of a call originated now with
     * {@link OriginateRequest#channelId()} {@code channelId}: with several Asterisk servers the adapter chooses the
     * server that will place it and qualifies the id with it ({@link io.callguard.core.calls.CallKeys}); an
     * {@link #originate} whose request carries that qualified id is sent to that server. With one server (and by
     * default) the id as is.
     */
    default String originatedChannelId(String channelId) { return channelId; }

    /** The channels alive on the platform now, as its own channel list gives them (no callguard state). */
    CompletionStage<List<LiveCall>> liveChannels();
}
