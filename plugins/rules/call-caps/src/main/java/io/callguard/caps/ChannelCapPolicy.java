package io.callguard.caps;

import io.callguard.core.directory.Account;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.directory.Trunk;
import io.callguard.core.limits.Allocations;
import io.callguard.core.log.RateLimitedLog;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.OnStateFailure;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.Reasons;
import io.callguard.core.state.StateCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * R2 (CP Téléphonie §1.1): a trunk carries at most {@code Trunk.channels()} simultaneous calls, inbound and
 * outbound together (T0 IP: 2). The slot is reserved atomically when the decision is taken, on resource
 * {@code trunk:<trunkId>} with the call's Linkedid as holder ({@link Holders#trunkHolder}), and lives until the
 * call's hang-up (released by {@link CapReconciler}) or, if that is lost, the call's maximum duration plus a margin.
 *
 * <ul>
 *   <li>Trunk unknown → pass (no cap to apply).</li>
 *   <li>Slot reserved → pass; trunk full → DENY {@code TRUNK_FULL}, cause 34, prompt {@code callguard/trunk-full}.</li>
 *   <li>The cap is read from the trunk at each decision: a change applies to the next call; lowering it below the
 *       calls in progress refuses new calls and cuts none.</li>
 *   <li>An emergency call is never refused for a cap and is counted while it lasts: it is recorded without a limit
 *       ({@code forced}) when the chain's final decision allows it, whoever settled it (normally the
 *       {@code emergency} policy, before this one is asked).</li>
 *   <li>Each refusal is logged at INFO, at most {@value #FULL_LINES_PER_MINUTE} lines a minute (policy clock); the
 *       others are counted, and the next line written is preceded by how many were left out and the total.</li>
 *   <li>A call denied by any policy holds no slot: the one this policy reserved, or the one its channel got at its
 *       AMI {@code Newchannel} ({@link CapReconciler}), is given back.</li>
 *   <li>A call already counted from its channel's creation (a forced slot, holder = its Linkedid = the decided
 *       channel's Uniqueid) is not allowed for holding its own slot: it is allowed when fewer than
 *       {@code channels} other calls were counted before it ({@link Allocations#allocate}), so an earlier 112 plus two
 *       ordinary calls on a T0 trunk gives exactly one ALLOW.</li>
 *   <li>Until the first AMI resynchronisation after a start is applied ({@link CapsSync}), a decision is held up to
 *       {@link CapsSync#hold()} and then fails with {@link NotSynchronisedException} (the FastAGI adapter answers its
 *       failure verdict): never a decision on a picture that misses the calls already up.</li>
 *   <li>The reservation is the state port's {@link Allocations#allocateAsync}, bounded by {@code state.timeout}
 *       ({@link StateCalls}): a backend that fails or does not answer in time gives the policy's
 *       {@code onStateFailure} ({@link OnStateFailure}), never a wait. A slot the backend takes after the timeout is
 *       freed by the reconciliation (no live channel) or adopted (a call allowed meanwhile). Releases and the forced
 *       counts of emergency calls on the decision path are not waited for (their failures counted and logged).</li>
 * </ul>
 */
public final class ChannelCapPolicy implements Policy {
    public static final String NAME = "channel-cap";
    public static final String RESOURCE_PREFIX = "trunk:";
    public static final String SETTING_DEFAULT_MAX_SECONDS = "defaultMaxSeconds";
    public static final String SETTING_RESERVATION_MARGIN = "reservationMargin";
    public static final long DEFAULT_RESERVATION_MARGIN_SECONDS = 300;
    public static final Decision DENY_TRUNK_FULL =
            Decision.deny(Reasons.TRUNK_FULL, Reasons.CAUSE_NO_CIRCUIT, Reasons.PROMPT_TRUNK_FULL);

    private static final Logger LOG = LoggerFactory.getLogger(ChannelCapPolicy.class);
    private static final String ALLOCATE = "allocate a trunk slot";
    private static final CompletionStage<Optional<Decision>> FULL = Policy.settle(DENY_TRUNK_FULL);
    /** Beyond this many decisions in flight, reservations whose decision never ended (a failed chain) are forgotten. */
    private static final int PENDING_PRUNE_AT = 4096;
    private static final Duration PENDING_MAX_AGE = Duration.ofMinutes(5);
    /** A full trunk under load refuses thousands of calls a minute: this many lines a minute, then a count. */
    static final int FULL_LINES_PER_MINUTE = 10;
    static final String FULL_SUMMARY = "TRUNK_FULL: {} more calls refused on full trunks, not logged one by one "
            + "({} since start)";

    private final Allocations allocations;
    private final CapsSync sync;
    private final CallTracker tracker;
    private final Clock clock;
    private final long defaultMaxSeconds;
    private final long marginSeconds;
    /** The shared backend's lease in seconds, 0 without one. */
    private volatile long leaseSeconds;
    /**
     * Reservations this policy made for decisions not yet final, so a later denial gives back only its own. Keyed by
     * the channel's Uniqueid (its string hash is cached), not by the {@link CallContext} record, whose hash walks the
     * account, trunk and number records on every call; the entry remembers its decision's context, so a decision
     * only ever takes back its own entry.
     */
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final RateLimitedLog fullLog;
    private final StateCalls state;
    private final OnStateFailure onStateFailure;

    /**
     * @param defaultMaxSeconds reservation life of a call without an account maximum (an emergency call)
     * @param marginSeconds     added to the call's maximum duration to get the reservation's expiry
     */
    public ChannelCapPolicy(Allocations allocations, Clock clock, long defaultMaxSeconds, long marginSeconds) {
        this(allocations, CapsSync.synced(), null, clock, defaultMaxSeconds, marginSeconds);
    }

    /**
     * @param sync    gates decisions until the first AMI resynchronisation after a start
     * @param tracker tells the decided channel's Linkedid (the slot's holder) when AMI reported it; may be null
     */
    public ChannelCapPolicy(Allocations allocations, CapsSync sync, CallTracker tracker, Clock clock,
                            long defaultMaxSeconds, long marginSeconds) {
        this(allocations, sync, tracker, clock, defaultMaxSeconds, marginSeconds, StateCalls.defaults(clock),
                OnStateFailure.FAIL);
    }

    /**
     * @param state          bounds and reports the state calls of the decision path
     * @param onStateFailure the answer when the reservation failed or timed out
     */
    public ChannelCapPolicy(Allocations allocations, CapsSync sync, CallTracker tracker, Clock clock,
                            long defaultMaxSeconds, long marginSeconds, StateCalls state, OnStateFailure onStateFailure) {
        this.state = Objects.requireNonNull(state, "state");
        this.onStateFailure = Objects.requireNonNull(onStateFailure, "onStateFailure");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.tracker = tracker;
        this.clock = Objects.requireNonNull(clock, "clock");
        if (defaultMaxSeconds <= 0) throw new IllegalArgumentException("defaultMaxSeconds must be positive: " + defaultMaxSeconds);
        if (marginSeconds < 0) throw new IllegalArgumentException("marginSeconds must not be negative: " + marginSeconds);
        this.defaultMaxSeconds = defaultMaxSeconds;
        this.marginSeconds = marginSeconds;
        this.fullLog = RateLimitedLog.onClock(LOG, FULL_LINES_PER_MINUTE, Duration.ofMinutes(1), clock, FULL_SUMMARY);
    }

    /** The allocation resource of a trunk: {@code trunk:<trunkId>}. */
    public static String resourceOf(String trunkId) { return RESOURCE_PREFIX + trunkId; }

    @Override public String name() { return NAME; }

    @Override
    public CompletionStage<Optional<Decision>> evaluate(CallContext call) {
        Trunk trunk = call.trunk();
        if (trunk == null) return Policy.pass();
        if (call.isEmergency()) {
            // Only reached when 'emergency' is not first in the chain: still never refused, still counted, never held.
            Instant now = clock.instant();
            String holder = holder(call);
            countEmergency(trunk, holder, now);
            remember(call, holder, now);
            return Policy.pass();
        }
        if (sync.isSynced()) return decide(call, trunk);
        return sync.awaitSynced().thenCompose(synced -> {
            if (synced) return decide(call, trunk);
            return CompletableFuture.failedFuture(new NotSynchronisedException(sync.hold()));
        });
    }

    private CompletionStage<Optional<Decision>> decide(CallContext call, Trunk trunk) {
        Instant now = clock.instant();
        String holder = holder(call);
        // a constant operation name: no string built per decision (the in-memory path allocates as little as it can)
        CompletableFuture<Boolean> reserved = state.bounded(ALLOCATE, allocations.allocateAsync(resourceOf(trunk.id()),
                holder, trunk.channels(), now.plusSeconds(lifeSeconds(call.account(), false)), now)).toCompletableFuture();
        if (reserved.isDone() && !reserved.isCompletedExceptionally()) {
            return verdict(call, trunk, holder, now, reserved.join()); // the in-memory backend: no callback
        }
        return reserved.handle((ok, err) -> err != null
                        ? onStateFailure.decide(NAME, call, ALLOCATE + " " + resourceOf(trunk.id()), err, state)
                        : verdict(call, trunk, holder, now, ok))
                .thenCompose(stage -> stage);
    }

    private CompletionStage<Optional<Decision>> verdict(CallContext call, Trunk trunk, String holder, Instant now,
                                                        boolean reserved) {
        if (reserved) {
            remember(call, holder, now);
            return Policy.pass();
        }
        fullLog.info("trunk {} of account {} is full ({} channels): call {} refused (R2, CP Téléphonie §1.1)",
                trunk.id(), trunk.accountId(), trunk.channels(), call.uniqueId());
        return FULL;
    }

    /** TRUNK_FULL denials since start (logged or only counted). */
    public long trunkFullDenials() { return fullLog.total(); }

    @Override
    public void onDecided(CallContext call, Decision decision) {
        String mine = takePending(call);
        Trunk trunk = call.trunk();
        if (!decision.allowed()) {
            // mine, or the forced slot its channel got at its Newchannel: a refused call never counts
            // on the decision path: not waited for (a failure is counted; the reconciliation frees the slot)
            if (trunk != null) {
                String resource = resourceOf(trunk.id());
                state.inBackground(NAME, "release " + resource,
                        allocations.releaseAsync(resource, mine != null ? mine : holder(call)));
            }
            return;
        }
        if (call.isEmergency() && trunk != null) {
            countEmergency(trunk, mine != null ? mine : holder(call), clock.instant());
        }
    }

    /**
     * Reserves a slot of {@code trunk} for {@code holder} before the call's first channel exists: click-to-call rings
     * the client's line only once that leg's slot is held. {@code holder} must be the Uniqueid Asterisk will give that
     * channel (Originate {@code ChannelId}), which is also the Linkedid of every leg of the call: the decision the
     * dialplan then asks on that channel finds its slot already held and does not count it again, and the channel's
     * hang-up releases it like any other. Same life as a decided call's slot; an emergency destination is counted
     * without a limit (never refused). Blocking: called off the event loop only (the click-to-call route runs on
     * the store worker).
     *
     * @return false when the trunk is full (nothing reserved)
     */
    public boolean reserveAhead(Trunk trunk, Account account, boolean emergency, String holder, Instant now) {
        return reserve(Objects.requireNonNull(trunk, "trunk"), account, emergency, holder, now);
    }

    /**
     * Gives back a slot {@link #reserveAhead} took for a call whose channel never came up (Originate failed). Like
     * {@link #reserveAhead}, called off the event loop (the click-to-call route runs on the store worker): the
     * blocking state call is allowed there.
     */
    public boolean releaseAhead(String trunkId, String holder) {
        return allocations.release(resourceOf(trunkId), holder);
    }

    /**
     * {@link #releaseAhead} without waiting for the state backend: click-to-call gives its slot back from AMI events
     * (the Originate's answer, a hang-up) on the event loop. A failure is counted and logged; the reconciliation then
     * frees the slot (no live channel).
     */
    public void releaseAheadInBackground(String trunkId, String holder) {
        String resource = resourceOf(trunkId);
        state.inBackground(NAME, "release " + resource, allocations.releaseAsync(resource, holder));
    }

    /** A cap decision taken before the first AMI resynchronisation after a start landed within the hold. */
    public static final class NotSynchronisedException extends IllegalStateException {
        NotSynchronisedException(Duration hold) {
            super("the call caps do not know the calls already up yet: the first AMI resynchronisation after the "
                    + "start did not land within " + hold.toMillis() + " ms (caps.startupHold)");
        }
    }

    /** Reservations waiting for their final decision (for tests: none may be left behind). */
    int pendingDecisions() { return pending.size(); }

    private String holder(CallContext call) { return Holders.trunkHolder(call, tracker); }

    /**
     * The one way a slot is taken (decisions and click-to-calls alike): for the account's maximum duration plus the
     * margin; an emergency call is counted without a limit, for the default duration.
     *
     * @return false when the trunk is full (nothing reserved); always true for an emergency call
     */
    private boolean reserve(Trunk trunk, Account account, boolean emergency, String holder, Instant now) {
        String resource = resourceOf(trunk.id());
        Instant expiresAt = now.plusSeconds(lifeSeconds(account, emergency));
        if (emergency) {
            allocations.forceAllocate(resource, holder, expiresAt, now);
            return true;
        }
        return allocations.allocate(resource, holder, trunk.channels(), expiresAt, now);
    }

    /** Counts an emergency call on its trunk without waiting for the backend: it is allowed whatever happens. */
    private void countEmergency(Trunk trunk, String holder, Instant now) {
        String resource = resourceOf(trunk.id());
        state.inBackground(NAME, "forceAllocate " + resource, allocations.forceAllocateAsync(resource, holder,
                now.plusSeconds(lifeSeconds(null, true)), now));
    }

    private long lifeSeconds(Account account, boolean emergency) {
        long max = account != null && !emergency ? account.maxCallSeconds() : defaultMaxSeconds;
        // on a shared backend a slot lives a lease, renewed by this node while the call lasts (a dead node's go soon)
        return leaseSeconds > 0 ? Math.min(max + marginSeconds, leaseSeconds) : max + marginSeconds;
    }

    /**
     * Slots on a shared state backend live {@code lease} at most, renewed by the call caps' timer while their calls
     * last (a node that dies stops renewing: its slots free within the lease).
     */
    public ChannelCapPolicy withLease(java.time.Duration lease) {
        this.leaseSeconds = lease == null ? 0 : lease.toSeconds();
        return this;
    }

    private void remember(CallContext call, String holder, Instant now) {
        // Two decisions at once on one Uniqueid (never from Asterisk) only cost the later one's shortcut below.
        pending.put(call.uniqueId(), new Pending(call, holder));
        if (pending.size() > PENDING_PRUNE_AT) {
            // Only a decision that failed after this policy (no onDecided) stays here; its slot is freed by the
            // reconciliation or the hang-up, so forgetting it only costs the "give back on denial" shortcut.
            Instant tooOld = now.minus(PENDING_MAX_AGE);
            pending.values().removeIf(p -> p.call().at().isBefore(tooOld));
        }
    }

    /** The holder this decision reserved for, removed; null when it reserved nothing (or was pruned). */
    private String takePending(CallContext call) {
        Pending p = pending.get(call.uniqueId());
        if (p == null || p.call() != call || !pending.remove(call.uniqueId(), p)) return null;
        return p.holder();
    }

    /** A reservation waiting for the final decision of {@code call} (compared by identity, never hashed). */
    private record Pending(CallContext call, String holder) {
        @Override public boolean equals(Object o) { return this == o; }
        @Override public int hashCode() { return System.identityHashCode(this); }
    }
}
