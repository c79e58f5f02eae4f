package io.callguard.core.calls;

import java.util.List;

/**
 * Hears the call tracker's changes. Called on the thread that made the change (the AMI adapter's event loop);
 * implementations must be quick and must not block.
 */
public interface CallTrackerListener {
    /**
     * A live channel left the table: an AMI {@code Hangup} ({@code cause} = its Q.850 cause, null when absent), or
     * a (re)synchronisation that no longer lists it ({@code cause} null: the Hangup was missed while disconnected).
     * Called once per channel.
     */
    default void onHangup(LiveCall call, Integer cause) { }

    /**
     * AMI reported a channel's creation ({@code Newchannel}); {@code call} is the table's entry after it.
     * {@code decidedFirst} is true when a FastAGI decision on this very channel was recorded before its Newchannel
     * (the two race): that decision already accounted for it.
     */
    default void onChannelCreated(LiveCall call, boolean decidedFirst) { }

    /**
     * A full resynchronisation ({@link CallTracker#replaceAll}, after each AMI (re)connection) has just replaced the
     * table; {@code live} is the new table, oldest first. Fired after the {@link #onHangup} of the channels that
     * vanished, so counters can be reconciled against the truth right away.
     */
    default void onResync(List<LiveCall> live) { }
}
