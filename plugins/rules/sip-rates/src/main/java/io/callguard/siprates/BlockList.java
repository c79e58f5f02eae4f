package io.callguard.siprates;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The addresses blocked for R7, each with its expiry. Read and changed in memory (the SIP path never waits for the
 * store); {@link SipRateActions} copies each change to the {@link BlockedAddressRepository} and the nftables set file,
 * and the module's start puts the stored blocks still in force back ({@link #restore}).
 */
public final class BlockList {
    private final ConcurrentHashMap<String, BlockedAddress> blocked = new ConcurrentHashMap<>();

    /**
     * Blocks {@code address} until {@code since + blockFor}; false (nothing changed) when already blocked. An expired
     * block the timer has not removed yet is replaced: the address is over the limit again.
     */
    boolean block(String address, String reason, Instant since, Duration blockFor) {
        BlockedAddress fresh = new BlockedAddress(address, reason, since, since.plus(blockFor), 1);
        return blocked.compute(address, (k, v) -> v == null || !since.isBefore(v.until()) ? fresh : v) == fresh;
    }

    /** Counts a message from {@code address} while blocked; false when it is not blocked (or its block expired). */
    boolean countIfBlocked(String address, Instant now) {
        BlockedAddress b = blocked.computeIfPresent(address, (k, v) -> now.isBefore(v.until())
                ? new BlockedAddress(v.address(), v.reason(), v.since(), v.until(), v.count() + 1) : v);
        return b != null && now.isBefore(b.until());
    }

    /** Puts back a block read from the store at the start (before any message is counted). */
    void restore(BlockedAddress b) { blocked.put(b.address(), b); }

    public Optional<BlockedAddress> find(String address) { return Optional.ofNullable(blocked.get(address)); }

    /** The addresses still blocked at {@code now}, oldest block first. */
    public List<BlockedAddress> list(Instant now) {
        return blocked.values().stream().filter(b -> now.isBefore(b.until()))
                .sorted(Comparator.comparing(BlockedAddress::since).thenComparing(BlockedAddress::address)).toList();
    }

    /** Unblocks; the entry removed, empty when it was not blocked. */
    Optional<BlockedAddress> remove(String address) { return Optional.ofNullable(blocked.remove(address)); }

    /** Drops the blocks expired at {@code now}, telling {@code expired} each. */
    void expire(Instant now, Consumer<BlockedAddress> expired) {
        for (BlockedAddress b : List.copyOf(blocked.values())) {
            if (!now.isBefore(b.until()) && blocked.remove(b.address(), b)) expired.accept(b);
        }
    }
}
