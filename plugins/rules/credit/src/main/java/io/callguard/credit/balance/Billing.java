package io.callguard.credit.balance;

import java.time.Instant;
import java.util.Objects;

/**
 * What the billing system last reported of an account: its unpaid amount at {@code asOf}. Calls rated and payments
 * recorded since {@code asOf} are on top of it.
 *
 * @param accountId   the account
 * @param unpaidCents the unpaid amount in euro cents HT at {@code asOf} (0 or more)
 * @param asOf        when the billing system computed it
 * @param updatedAt   when callguard received it
 * @param updatedBy   who sent it (the admin API's actor)
 */
public record Billing(String accountId, long unpaidCents, Instant asOf, Instant updatedAt, String updatedBy) {
    public Billing {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
        if (unpaidCents < 0) throw new IllegalArgumentException("unpaidCents must not be negative: " + unpaidCents);
    }
}
