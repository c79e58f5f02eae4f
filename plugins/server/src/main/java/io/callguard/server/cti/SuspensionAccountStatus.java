package io.callguard.server.cti;

import io.callguard.cti.AccountStatus;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionBook;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The CTI domain's view of the suspensions (R3–R6): blocked exactly when the decision path would refuse an outbound
 * call of that account on that line ({@link SuspensionBook#outboundBlocked}); the reason is the code of the oldest
 * suspension in force. Reads the in-memory book: never blocks.
 */
final class SuspensionAccountStatus implements AccountStatus {
    private final SuspensionBook book;

    SuspensionAccountStatus(SuspensionBook book) { this.book = Objects.requireNonNull(book, "book"); }

    @Override public Optional<String> blockedReason(String accountId, String lineId, Instant now) {
        if (!book.outboundBlocked(accountId, lineId, now)) return Optional.empty();
        List<Suspension> active = book.activeFor(accountId, lineId, now);
        // lineId null: activeFor lists trunk-level suspensions too, but only an account-wide one blocks then
        for (Suspension s : active) {
            if (lineId != null || s.accountWide()) return Optional.of(s.reason().code());
        }
        return Optional.of(active.isEmpty() ? "SUSPENDED" : active.get(0).reason().code());
    }
}
