package io.callguard.credit.balance;

import java.time.Instant;
import java.util.Objects;

/**
 * A payment the back office recorded: it lowers the outstanding amount until the billing system's next report
 * ({@link Billing}) whose {@code asOf} is after it, which already counts it.
 *
 * @param id          unique id
 * @param accountId   the account
 * @param amountCents euro cents, positive
 * @param at          when it was recorded
 * @param recordedBy  who recorded it (the admin API's actor)
 */
public record Payment(String id, String accountId, long amountCents, Instant at, String recordedBy) {
    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(recordedBy, "recordedBy");
        if (amountCents <= 0) throw new IllegalArgumentException("amountCents must be positive: " + amountCents);
    }
}
