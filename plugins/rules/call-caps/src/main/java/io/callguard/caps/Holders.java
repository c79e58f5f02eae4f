package io.callguard.caps;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.policy.CallContext;

import java.util.UUID;

/**
 * Who holds a reservation: the call's Linkedid, the Uniqueid of its first channel. The shipped dialplan runs the AGI
 * on that first channel (the outbound channel, the carrier's inbound leg, the channel a click-to-call Originate
 * created with its ChannelId), so the decided channel's Uniqueid is the Linkedid its other legs carry.
 */
final class Holders {
    private Holders() { }

    /**
     * {@code call.uniqueId()}; a request without one (never sent by Asterisk, but possible from a hand-made client)
     * gets a one-off id, so that it is still counted and freed by the reconciliation for want of a channel.
     */
    static String of(CallContext call) {
        String id = call.uniqueId();
        return id.isBlank() ? "no-uniqueid-" + UUID.randomUUID() : id;
    }

    /**
     * The trunk slot's holder: the decided channel's Linkedid when AMI reported the channel already (a decision on a
     * channel that is not its call's first one then shares the slot its call's legs are counted under), else
     * {@link #of(CallContext)}, which is that Linkedid for a first channel.
     */
    static String trunkHolder(CallContext call, CallTracker tracker) {
        if (tracker != null && !call.uniqueId().isBlank()) {
            String linked = tracker.get(call.uniqueId()).map(LiveCall::linkedId).orElse("");
            if (!linked.isBlank()) return linked;
        }
        return of(call);
    }
}
