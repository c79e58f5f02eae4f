package io.callguard.caps;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.calls.ChannelNames;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.limits.Allocation;
import io.callguard.core.limits.Allocations;
import io.callguard.core.state.StateLease;
import io.callguard.core.state.StateCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the trunk reservations equal to the calls Asterisk really carries.
 *
 * <p>Call identity: a reservation's holder is the call's Linkedid, the Uniqueid of its first channel. The FastAGI
 * decision runs on that first channel (an outbound call's channel on the client's trunk, an inbound call's carrier
 * leg A), so the policy's holder, the decided channel's Uniqueid, is that Linkedid; the client's leg B of an inbound
 * call carries Linkedid A: one holder, A, covers the call on the trunk. Live channels are grouped by Linkedid
 * (Uniqueid when Linkedid is empty).
 *
 * <ul>
 *   <li>{@link #onChannelCreated}: a channel on a known trunk (the endpoint in its channel name) is counted at once
 *       as a forced reservation of its call (never refused): an emergency call dialled before any AGI, a call that
 *       never went through the AGI. Its call counts once per trunk whatever its legs and whatever the order of the
 *       Newchannel and the decision: a decision that came first already accounts for its channel (allowed: it
 *       holds the slot; denied: it must hold none), and a decision that comes after is judged by the calls counted
 *       before it ({@link io.callguard.core.limits.Allocations#allocate}). Not before the first resynchronisation
 *       after a start, which adopts every live channel in creation order.</li>
 *   <li>{@link #onHangup}: the channel's own trunk reservations are released (not its calls-per-second entries,
 *       which run their second out), and so is its call's reservation on the channel's trunk once no other channel
 *       of the call is live there. Releasing is idempotent.</li>
 *   <li>{@link #reconcile}: (a) drops expired reservations; (b) frees trunk reservations whose holder is neither the
 *       Linkedid nor the Uniqueid of any live channel, once older than {@code orphanGrace} (a decision whose caller
 *       hung up meanwhile, a hang-up missed while AMI was down); (c) adopts every live channel on a known trunk
 *       whose call (its Linkedid or any Uniqueid of its group) holds no reservation on that trunk, in creation
 *       order: at once when no decision was recorded on the channel (a callguard restart, an AMI reconnection, a
 *       call that skipped the AGI: a decision still in flight is then judged behind it), only once older than
 *       {@code orphanGrace} when one was (a denied call still playing its prompt must not count). The adoption is
 *       forced and lives the account's maximum duration plus {@link #ADOPTION_MARGIN} (a call still live then is
 *       adopted again).</li>
 *   <li>{@link #onResync}: reconciles right after each AMI (re)synchronisation; the first one after the start
 *       opens the {@link CapsSync} gate.</li>
 * </ul>
 * {@link #onChannelCreated} and {@link #onHangup} run on the AMI client's event loop: their state calls are the
 * port's asynchronous ones, not waited for (a failure is counted and logged through {@link StateCalls}; the next
 * reconciliation repairs what it left). {@link #reconcile} uses the blocking calls: the caps' timer runs it on a
 * worker thread; on a resynchronisation it runs on the AMI context with the in-memory backend (in order with the
 * events around it), on a thread of its own ({@code caps-resync}) with any other.
 */
public final class CapReconciler implements CallTrackerListener {
    /** Added to the maximum duration of an adopted call to get its reservation's expiry. */
    public static final Duration ADOPTION_MARGIN = Duration.ofSeconds(ChannelCapPolicy.DEFAULT_RESERVATION_MARGIN_SECONDS);

    private static final Logger LOG = LoggerFactory.getLogger(CapReconciler.class);
    /** Its name in the state failures' counts and log lines. */
    static final String NAME = "caps-reconciler";
    /** Orders calls by creation: Asterisk's Uniqueid is {@code <boot epoch>.<sequence>}. */
    private static final Comparator<LiveCall> CREATION_ORDER = Comparator
            .comparing((LiveCall c) -> creation(callKey(c)) == null)
            .thenComparing(c -> creation(callKey(c)), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(LiveCall::startedAt, Comparator.nullsLast(Comparator.naturalOrder()));

    /** Where a resynchronisation's reconciliation runs when the backend is not this JVM's memory (one at a time). */
    private final java.util.concurrent.Executor resyncs = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "caps-resync");
        t.setDaemon(true);
        return t;
    });
    private final Directory directory;
    private final Allocations allocations;
    /** The shared backend's lease, null with the local one. */
    private volatile StateLease lease;
    private final Clock clock;
    private final Duration orphanGrace;
    private final CapsSync sync;
    private final StateCalls state;
    /**
     * The live channels of each call (by Linkedid) on known trunks: {trunk id, Uniqueid} pairs flattened in an
     * immutable array, replaced inside the call's compute (copy on write). A call usually has one or two such legs:
     * an array is a few bytes where a set per call and a concatenated key cost hundreds, for 10,000s of live calls.
     */
    private final ConcurrentHashMap<String, String[]> legs = new ConcurrentHashMap<>();
    /** The tracker's channel now, by Uniqueid; null when the reconciled list is always current. */
    private final Function<String, Optional<LiveCall>> current;

    public CapReconciler(Directory directory, Allocations allocations, Clock clock, Duration orphanGrace) {
        this(directory, allocations, clock, orphanGrace, CapsSync.synced());
    }

    /** @param sync opened by the first resynchronisation this reconciler applies */
    public CapReconciler(Directory directory, Allocations allocations, Clock clock, Duration orphanGrace,
                         CapsSync sync) {
        this(directory, allocations, clock, orphanGrace, sync, StateCalls.defaults(clock));
    }

    /** @param state reports the failures of the state calls made on the event loop */
    public CapReconciler(Directory directory, Allocations allocations, Clock clock, Duration orphanGrace,
                         CapsSync sync, StateCalls state) {
        this(directory, allocations, clock, orphanGrace, sync, state, null);
    }

    /**
     * @param current the tracker's channel now, by Uniqueid (null: the resynchronised list is taken as it is): a
     *                reconciliation that runs after its list was taken (on its own thread, with a shared backend)
     *                checks each channel it would adopt against it, so that a channel refused or hung up since is
     *                not counted
     */
    public CapReconciler(Directory directory, Allocations allocations, Clock clock, Duration orphanGrace,
                         CapsSync sync, StateCalls state, Function<String, Optional<LiveCall>> current) {
        this.current = current;
        this.state = Objects.requireNonNull(state, "state");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.orphanGrace = Objects.requireNonNull(orphanGrace, "orphanGrace");
        this.sync = Objects.requireNonNull(sync, "sync");
    }

    @Override
    public void onChannelCreated(LiveCall call, boolean decidedFirst) {
        Optional<Trunk> trunk = directory.trunk(physicalEndpoint(call));
        if (trunk.isEmpty()) return;
        String resource = ChannelCapPolicy.resourceOf(trunk.get().id());
        String holder = callKey(call);
        addLeg(holder, trunk.get().id(), call.uniqueId());
        if (decidedFirst || !sync.isSynced()) return;
        Instant now = clock.instant();
        state.inBackground(NAME, "forceAllocate " + resource,
                allocations.forceAllocateAsync(resource, holder, now.plus(adoptionLife(trunk.get())), now));
        LOG.debug("counted call {} on {} from its channel {}", holder, resource, call.channel());
    }

    @Override
    public void onHangup(LiveCall call, Integer cause) {
        state.inBackground(NAME, "releaseHolder " + call.uniqueId(),
                allocations.releaseHolderAsync(call.uniqueId(), ChannelCapPolicy.RESOURCE_PREFIX));
        String endpoint = physicalEndpoint(call);
        if (endpoint.isEmpty()) return;
        String resource = ChannelCapPolicy.resourceOf(endpoint);
        String holder = callKey(call);
        boolean[] last = {false};
        legs.computeIfPresent(holder, (k, pairs) -> {
            String[] left = withoutLeg(pairs, endpoint, call.uniqueId());
            if (left == pairs) return pairs; // not a leg of this call on that trunk
            last[0] = !hasTrunk(left, endpoint);
            return left.length == 0 ? null : left;
        });
        if (last[0]) state.inBackground(NAME, "release " + resource, allocations.releaseAsync(resource, holder));
    }

    @Override
    public void onResync(List<LiveCall> live) {
        // one look-up per channel: the legs recorded and the reconciliation see the same trunks
        Map<LiveCall, Trunk> trunks = trunksOf(live);
        for (LiveCall c : live) {
            Trunk trunk = trunks.get(c);
            if (trunk == null || c.uniqueId() == null || c.uniqueId().isBlank()) continue;
            addLeg(callKey(c), trunk.id(), c.uniqueId());
        }
        if (allocations.answersInProcess()) {
            // answers at once: reconciled here, on the AMI context, in the order of the events around it
            reconcileAfterResync(live, trunks);
        } else {
            // a shared backend (Redis) costs round trips per slot: never on the AMI event loop; the sync gate stays
            // closed (decisions held, then failing open as configured) until it is done
            resyncs.execute(() -> reconcileAfterResync(live, trunks));
        }
    }

    private void reconcileAfterResync(List<LiveCall> live, Map<LiveCall, Trunk> trunks) {
        try {
            reconcile(live, trunks, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("reconciliation after an AMI resynchronisation failed ({}): the next one repairs it", e.toString());
            return;
        }
        if (!sync.isSynced()) {
            sync.markSynced();
            LOG.info("call caps synchronised with Asterisk's live channels: decisions on capped trunks are exact");
        }
    }

    /** Makes the trunk reservations match {@code live} (the call tracker's table) at {@code now}. */
    public ReconcileReport reconcile(List<LiveCall> live, Instant now) { return reconcile(live, trunksOf(live), now); }

    /** @param trunks the trunk of each channel of {@code live} on a known one ({@link #trunksOf}) */
    private ReconcileReport reconcile(List<LiveCall> live, Map<LiveCall, Trunk> trunks, Instant now) {
        int expired = allocations.expire(now);
        Map<String, Set<String>> idsByCall = idsByCall(live);
        Set<String> liveIds = new HashSet<>();
        idsByCall.forEach((key, ids) -> liveIds.addAll(ids));

        int freed = 0;
        for (String resource : allocations.resources()) {
            if (!resource.startsWith(ChannelCapPolicy.RESOURCE_PREFIX)) continue;
            for (Allocation a : allocations.holders(resource, now)) {
                boolean oldEnough = !a.allocatedAt().plus(orphanGrace).isAfter(now);
                if (oldEnough && !liveIds.contains(a.holder()) && allocations.release(resource, a.holder())) {
                    freed++;
                    LOG.debug("freed {} of {}: no live channel since {}", a.holder(), resource, a.allocatedAt());
                }
            }
        }

        int adopted = 0;
        Map<String, Set<String>> holdersByResource = new HashMap<>();
        List<LiveCall> byCreation = new ArrayList<>(live);
        byCreation.sort(CREATION_ORDER);
        for (LiveCall c : byCreation) {
            Trunk trunk = trunks.get(c);
            if (trunk == null || c.startedAt() == null) continue;
            // the list may be older than this reconciliation: a channel hung up or decided since is seen as it is now
            LiveCall seen = current == null ? c : current.apply(c.uniqueId()).orElse(null);
            if (seen == null) continue;
            // a decided channel without a slot was denied (it may still play its prompt): only once old enough
            if (decided(seen) && c.startedAt().plus(orphanGrace).isAfter(now)) continue;
            String resource = ChannelCapPolicy.resourceOf(trunk.id());
            Set<String> holders = holdersByResource.computeIfAbsent(resource, r -> holderIds(r, now));
            String key = callKey(c);
            Set<String> ids = idsByCall.getOrDefault(key, Set.of(key));
            if (ids.stream().anyMatch(holders::contains)) continue;
            allocations.forceAllocate(resource, key, now.plus(adoptionLife(trunk)), now);
            holders.add(key);
            adopted++;
            LOG.debug("adopted call {} on {} (channel {})", key, resource, c.channel());
        }

        ReconcileReport report = new ReconcileReport(freed, adopted, expired);
        if (!report.changedNothing()) {
            LOG.info("call caps reconciled against {} live channels: {} freed, {} adopted, {} expired",
                    live.size(), freed, adopted, expired);
        }
        return report;
    }

    /**
     * Calls with at least one live channel counted on a trunk from AMI, once per trunk (for tests: nothing may be
     * left behind).
     */
    int trackedCalls() {
        int n = 0;
        for (String[] pairs : legs.values()) {
            Set<String> trunks = new HashSet<>();
            for (int i = 0; i < pairs.length; i += 2) trunks.add(pairs[i]);
            n += trunks.size();
        }
        return n;
    }

    private void addLeg(String holder, String trunkId, String uniqueId) {
        legs.compute(holder, (k, pairs) -> withLeg(pairs, trunkId, uniqueId));
    }

    /** {@code pairs} (null: none) plus the leg {trunkId, uniqueId}: a new array, or {@code pairs} if it has it. */
    static String[] withLeg(String[] pairs, String trunkId, String uniqueId) {
        if (pairs == null) return new String[] {trunkId, uniqueId};
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(trunkId) && pairs[i + 1].equals(uniqueId)) return pairs;
        }
        String[] out = Arrays.copyOf(pairs, pairs.length + 2);
        out[pairs.length] = trunkId;
        out[pairs.length + 1] = uniqueId;
        return out;
    }

    /** {@code pairs} without the leg {trunkId, uniqueId}: a new array, or {@code pairs} itself when it lacks it. */
    static String[] withoutLeg(String[] pairs, String trunkId, String uniqueId) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(trunkId) && pairs[i + 1].equals(uniqueId)) {
                String[] out = new String[pairs.length - 2];
                System.arraycopy(pairs, 0, out, 0, i);
                System.arraycopy(pairs, i + 2, out, i, pairs.length - i - 2);
                return out;
            }
        }
        return pairs;
    }

    private static boolean hasTrunk(String[] pairs, String trunkId) {
        for (int i = 0; i < pairs.length; i += 2) if (pairs[i].equals(trunkId)) return true;
        return false;
    }

    /** A FastAGI decision was recorded on this channel (the tracker keeps the decision's direction). */
    static boolean decided(LiveCall c) { return c.direction() != null; }

    /**
     * {@code <epoch>.<sequence>} of an Asterisk Uniqueid (also qualified with its server, or after a systemname) as a
     * comparable pair, null when it is not one. Across servers the order is only as good as their clocks agree.
     */
    static Creation creation(String key) {
        if (key == null) return null;
        // Asterisk's own id inside a key qualified with its server, without a systemname prefix ("<name>-")
        String uniqueId = io.callguard.core.calls.CallKeys.localId(key);
        int dash = uniqueId.lastIndexOf('-');
        if (dash >= 0) uniqueId = uniqueId.substring(dash + 1);
        int dot = uniqueId.indexOf('.');
        if (dot <= 0 || dot == uniqueId.length() - 1) return null;
        try {
            return new Creation(Long.parseLong(uniqueId.substring(0, dot)), Long.parseLong(uniqueId.substring(dot + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    record Creation(long epoch, long sequence) implements Comparable<Creation> {
        @Override public int compareTo(Creation o) {
            int byEpoch = Long.compare(epoch, o.epoch);
            return byEpoch != 0 ? byEpoch : Long.compare(sequence, o.sequence);
        }
    }

    /** The Linkedid of a channel's call: its Linkedid, or its Uniqueid when Asterisk gave none. */
    static String callKey(LiveCall c) {
        return c.linkedId() == null || c.linkedId().isBlank() ? c.uniqueId() : c.linkedId();
    }

    /**
     * The endpoint the channel is physically on, from its name: the tracker's {@code endpoint} of a decided inbound
     * carrier leg is the client's trunk, which that leg does not occupy.
     */
    static String physicalEndpoint(LiveCall c) {
        String fromName = ChannelNames.endpointOf(c.channel());
        return fromName.isEmpty() ? c.endpoint() : fromName;
    }

    /** Every id a call answers to: its Linkedid and the Uniqueid of each of its live channels. */
    private static Map<String, Set<String>> idsByCall(List<LiveCall> live) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (LiveCall c : live) {
            Set<String> ids = out.computeIfAbsent(callKey(c), k -> new HashSet<>(Set.of(k)));
            if (c.uniqueId() != null && !c.uniqueId().isBlank()) ids.add(c.uniqueId());
        }
        return out;
    }

    /** The trunk of each channel on a known one, by channel (identity: two channels may be equal records). */
    private Map<LiveCall, Trunk> trunksOf(List<LiveCall> live) {
        Map<LiveCall, Trunk> out = new IdentityHashMap<>();
        for (LiveCall c : live) directory.trunk(physicalEndpoint(c)).ifPresent(t -> out.put(c, t));
        return out;
    }

    private Set<String> holderIds(String resource, Instant now) {
        Set<String> out = new HashSet<>();
        for (Allocation a : allocations.holders(resource, now)) out.add(a.holder());
        return out;
    }

    private Duration adoptionLife(Trunk trunk) {
        long max = directory.account(trunk.accountId()).map(Account::maxCallSeconds)
                .orElse(Account.DEFAULT_MAX_CALL_SECONDS);
        Duration life = Duration.ofSeconds(max).plus(ADOPTION_MARGIN);
        StateLease l = lease;
        return l == null ? life : l.cap(life);
    }

    /** Slots on a shared backend live {@code lease} at most and are renewed by {@link #renewLeases}. */
    public CapReconciler withLease(StateLease lease) {
        this.lease = lease;
        return this;
    }

    /**
     * Renews this node's trunk slots for one more lease (blocking: the caps' timer runs it on a worker). The holders
     * listed are this node's only (the node-scoped view of the shared backend): a slot whose call ended was freed by
     * its hang-up or by the reconciliation, so what is left is what this node's Asterisk still carries, or what it
     * cannot tell while AMI is down (kept counted rather than dropped). A node that died renews nothing: its slots
     * free within the lease. Returns how many were renewed.
     */
    public int renewLeases() {
        StateLease l = lease;
        if (l == null) return 0;
        Instant now = clock.instant();
        int renewed = 0;
        for (String resource : allocations.resources()) {
            if (!resource.startsWith(ChannelCapPolicy.RESOURCE_PREFIX)) continue;
            for (Allocation a : allocations.holders(resource, now)) {
                allocations.forceAllocate(resource, a.holder(), now.plus(l.time()), now);
                renewed++;
            }
        }
        return renewed;
    }
}
