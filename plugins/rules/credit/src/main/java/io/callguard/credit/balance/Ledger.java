package io.callguard.credit.balance;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One account's settled outstanding amount: the billing system's unpaid amount at {@code asOf}, plus the calls rated
 * since, minus the payments recorded since. Immutable: {@link Balances} replaces it atomically.
 *
 * @param unpaidCents the last billing report's unpaid amount (0 without report)
 * @param asOf        that report's instant; {@link Instant#EPOCH} without report (every rated call counts)
 * @param ratedCents  calls rated since {@code asOf}
 * @param paidCents   payments recorded since {@code asOf}
 */
record Ledger(long unpaidCents, Instant asOf, BigDecimal ratedCents, BigDecimal paidCents) {
    static final Ledger EMPTY = new Ledger(0, Instant.EPOCH, BigDecimal.ZERO, BigDecimal.ZERO);

    BigDecimal settledCents() { return BigDecimal.valueOf(unpaidCents).add(ratedCents).subtract(paidCents); }

    Ledger plusRated(BigDecimal cents) { return new Ledger(unpaidCents, asOf, ratedCents.add(cents), paidCents); }

    Ledger plusPaid(long cents) {
        return new Ledger(unpaidCents, asOf, ratedCents, paidCents.add(BigDecimal.valueOf(cents)));
    }
}
