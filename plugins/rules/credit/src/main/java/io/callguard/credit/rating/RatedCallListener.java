package io.callguard.credit.rating;

import io.callguard.core.rating.CallRating;
import io.callguard.core.records.CallRecord;

/** Told of each call the module rated, as it is rated (on the thread that ended the call: quick, no blocking). */
@FunctionalInterface
public interface RatedCallListener {
    void rated(CallRecord call, CallRating rating);
}
