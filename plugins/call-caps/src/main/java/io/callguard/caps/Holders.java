package io.callguard.caps;

import io.callguard.core.policy.CallContext;

import java.util.UUID;

/** Who holds a reservation: the call's Asterisk id (its Linkedid for the first leg, which is its Uniqueid). */
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
}
