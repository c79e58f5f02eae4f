package io.callguard.traffic.measures;

import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.policy.Direction;
import io.callguard.core.records.CallRecord;
import io.callguard.core.records.Disposition;

import java.math.BigDecimal;
import java.time.Instant;

/** What the measures count of one outbound call record, on its way into their primitive columns (AccountTraffic). */
record PlacedCall(String uniqueId, Instant startedAt, boolean answered, long billableSeconds, BigDecimal amountCents,
                  String destination, boolean mobile) {
    /**
     * The outbound call of {@code r}, or null when it is not one the measures count: inbound, no account, or refused by
     * callguard itself (DENIED: never offered to the network, so no part of the answer ratio).
     */
    static PlacedCall of(CallRecord r) {
        if (r.direction() != Direction.OUTBOUND || r.accountId().isEmpty() || r.disposition() == Disposition.DENIED) return null;
        return new PlacedCall(r.uniqueId(), r.startedAt(), r.answeredAt() != null, r.billableSeconds(),
                r.rating() == null ? BigDecimal.ZERO : r.rating().amountCents(),
                r.calleeNormalised().isEmpty() ? r.calleeDialled() : r.calleeNormalised(),
                r.category() == NumberCategory.MOBILE);
    }
}
