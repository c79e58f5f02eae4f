package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Verdict;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The server's live counters; sessions on any event loop bump them, {@link #snapshot()} reads them. */
final class FastAgiCounters {
    final LongAdder opened = new LongAdder();
    final AtomicInteger active = new AtomicInteger();
    final LongAdder allowed = new LongAdder();
    final LongAdder denied = new LongAdder();
    final LongAdder deadlineHits = new LongAdder();
    final LongAdder policyErrors = new LongAdder();
    final LongAdder unknownScripts = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder hangupsBeforeDecision = new LongAdder();
    final LongAdder replyFailures = new LongAdder();

    void answered(Verdict verdict) {
        (verdict == Verdict.ALLOW ? allowed : denied).increment();
    }

    FastAgiStats snapshot() {
        return new FastAgiStats(opened.sum(), active.get(), allowed.sum(), denied.sum(), deadlineHits.sum(),
                policyErrors.sum(), unknownScripts.sum(), malformed.sum(), hangupsBeforeDecision.sum(),
                replyFailures.sum());
    }
}
