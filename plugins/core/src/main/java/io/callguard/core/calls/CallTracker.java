package io.callguard.core.calls;

import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionListener;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** STUB (the AMI work fills it in): live calls by unique id, fed by AMI events and FastAGI decisions. */
public final class CallTracker implements DecisionListener {
    private final Clock clock;

    public CallTracker(Clock clock) { this.clock = clock; }

    /** Snapshot of the live calls, oldest first. */
    public List<LiveCall> list() { throw new UnsupportedOperationException("stub"); }

    public Optional<LiveCall> get(String uniqueId) { throw new UnsupportedOperationException("stub"); }

    public int size() { throw new UnsupportedOperationException("stub"); }

    @Override public void onDecision(CallContext call, Decision decision) { throw new UnsupportedOperationException("stub"); }
}
