package io.callguard.caps;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.limits.Allocation;
import io.callguard.core.limits.Allocations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Builds the usage report of a trunk from the directory, the reservations and the live channels. */
public final class CapsReports {
    private final Directory directory;
    private final CallTracker tracker;
    private final Allocations allocations;
    private final Clock clock;

    public CapsReports(Directory directory, CallTracker tracker, Allocations allocations, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The trunk's cap and reservations now; empty when the directory does not know the trunk. With a shared state
     * backend {@code inUse} is the cluster's and the reservations are this node's.
     */
    public Optional<TrunkUsage> usage(String trunkId) {
        Optional<Trunk> trunk = directory.trunk(trunkId);
        if (trunk.isEmpty()) return Optional.empty();
        Instant now = clock.instant();
        List<Allocation> held = allocations.holders(ChannelCapPolicy.resourceOf(trunkId), now);
        List<LiveCall> live = held.isEmpty() ? List.of() : tracker.list();
        List<TrunkUsage.Reservation> reservations = new ArrayList<>(held.size());
        for (Allocation a : held) {
            long age = Math.max(0, Duration.between(a.allocatedAt(), now).getSeconds());
            reservations.add(new TrunkUsage.Reservation(a.holder(), channelOf(a.holder(), trunkId, live), age,
                    a.expiresAt(), a.forced()));
        }
        Trunk t = trunk.get();
        // inUse counts every node's holders (a shared backend), the reservations listed are this node's calls
        int inUse = allocations.inUse(ChannelCapPolicy.resourceOf(trunkId), now);
        return Optional.of(new TrunkUsage(t.id(), t.accountId(), t.channels(), inUse, reservations));
    }

    /** The holder's channel on this trunk if live, else the holder's own channel, else null. */
    private static String channelOf(String holder, String trunkId, List<LiveCall> live) {
        String own = null;
        for (LiveCall c : live) {
            boolean ofCall = holder.equals(c.uniqueId()) || holder.equals(CapReconciler.callKey(c));
            if (!ofCall) continue;
            if (trunkId.equals(CapReconciler.physicalEndpoint(c))) return c.channel();
            if (holder.equals(c.uniqueId())) own = c.channel();
        }
        return own;
    }
}
