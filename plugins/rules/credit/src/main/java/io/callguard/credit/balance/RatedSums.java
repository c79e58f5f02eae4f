package io.callguard.credit.balance;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The sum of an account's calls rated since an instant, read from the call records at start and after a billing
 * report (the app plugs in the records repository's {@code ratedSince}). Blocking.
 */
@FunctionalInterface
public interface RatedSums {
    /** None: no record is rated (the call records without rating, or a test). */
    RatedSums NONE = (accountId, since) -> BigDecimal.ZERO;

    /** Euro cents of the account's records rated that ended at or after {@code since}. */
    BigDecimal ratedSince(String accountId, Instant since);
}
