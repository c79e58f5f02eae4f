package io.callguard.caps;

import java.time.Instant;
import java.util.List;

/**
 * A trunk's channel cap and what holds it now (the admin API's {@code GET /admin/v1/trunks/{id}/usage}).
 *
 * @param trunkId      the trunk
 * @param accountId    its account
 * @param cap          {@code Trunk.channels()} as the directory says now
 * @param inUse        unexpired reservations (may exceed the cap: emergency calls, adopted calls, a lowered cap)
 * @param reservations those reservations, oldest first
 */
public record TrunkUsage(String trunkId, String accountId, int cap, int inUse, List<Reservation> reservations) {
    public TrunkUsage {
        reservations = List.copyOf(reservations);
    }

    /**
     * @param holder     the call's id (Linkedid of its first leg)
     * @param channel    the call's live channel on this trunk (else its first leg), null when no channel is live
     * @param ageSeconds seconds since the reservation was made
     * @param expiresAt  when it stops counting if no hang-up releases it
     * @param forced     counted without a limit check: an emergency call or a call adopted by a reconciliation
     */
    public record Reservation(String holder, String channel, long ageSeconds, Instant expiresAt, boolean forced) { }
}
