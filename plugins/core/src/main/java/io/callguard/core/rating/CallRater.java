package io.callguard.core.rating;

import io.callguard.core.records.CallRecord;

import java.util.Optional;

/**
 * Rates a call when it ends, before its record is chained (the {@code credit} module offers it as a service, the
 * {@code call-records} module asks it). Runs on the thread of the event that ended the call: from memory, quickly,
 * never blocking.
 */
@FunctionalInterface
public interface CallRater {
    /**
     * The price of this call for its account, or empty when it is not rated (no account, an inbound call, an account
     * without a tariff plan, a DENY). An answered call to a free destination (emergency, 080x) is rated 0.
     */
    Optional<CallRating> rate(CallRecord call);
}
