package io.callguard.siprates;

import io.callguard.core.net.AddressRanges;
import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.directory.Directory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkRemovalListener;
import io.callguard.core.json.CompactJson;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * R5's account of a SIP message's source address: the trunk whose sip-addresses hold it (an exact address first,
 * then the range of longest prefix), that trunk's account as the {@link Directory} says; else the
 * {@code sipRates.accountAddresses} option's pair. Everything in memory (loaded at start, replaced on each write):
 * the SIP path does hash lookups only, never the store.
 */
public final class AccountAddresses implements TrunkRemovalListener {
    public static final String ACTION_WRITE = "trunk.sip-addresses";

    /** Another account's trunk already holds one of the addresses (or an overlapping range). */
    public static final class Conflict extends RuntimeException {
        Conflict(String message) { super(message, null, false, false); }
    }

    private final TrunkAddressRepository repository;
    private final Directory directory;
    private final Map<String, String> fallback;
    private final AuditLog audit;
    private final Clock clock;
    /** Each trunk's entries, the truth the index is built from. */
    private final Map<String, List<TrunkAddress>> byTrunk = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private volatile Index index = Index.EMPTY;

    /**
     * @param fallback source address (canonical) → account id: the option's pairs, asked when no trunk holds the address
     */
    /** The kind of change published when a trunk's sip-addresses are written; the id is the trunk's. */
    public static final String CHANGES = "sip-rates.trunk-addresses";

    /** Where this node's writes are told to the other nodes sharing the store (none by default). */
    private volatile io.callguard.core.cluster.ChangeFeed feed = new io.callguard.core.cluster.LocalChangeFeed();

    /** Publishes each write made here ({@link #CHANGES}) after the store write. */
    public void publishChangesTo(io.callguard.core.cluster.ChangeFeed feed) { this.feed = java.util.Objects.requireNonNull(feed, "feed"); }

    public AccountAddresses(TrunkAddressRepository repository, Directory directory, Map<String, String> fallback,
                            AuditLog audit, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.fallback = Map.copyOf(fallback);
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Reads every trunk's addresses from the repository (blocking); how many trunks have some. */
    public int load() {
        Map<String, List<TrunkAddress>> read = new HashMap<>();
        repository.all().forEach((trunk, texts) -> read.put(trunk, texts.stream().map(TrunkAddress::parse).toList()));
        synchronized (writeLock) {
            byTrunk.clear();
            byTrunk.putAll(read);
            rebuild();
        }
        return read.size();
    }

    /**
     * The account whose trunk sends from {@code sourceAddress} (as {@link java.net.InetAddress#getHostAddress}
     * writes it), else the option's; null when neither knows it.
     */
    public String accountOf(String sourceAddress) {
        Index i = index;
        String trunk = i.exact.get(sourceAddress);
        if (trunk == null && !i.ranges.isEmpty()) trunk = i.inRange(sourceAddress);
        if (trunk != null) {
            Optional<Trunk> t = directory.trunk(trunk);
            if (t.isPresent()) return t.get().accountId();
        }
        return fallback.get(sourceAddress);
    }

    /** The trunk's addresses (canonical text), empty when it has none. */
    public List<String> of(String trunkId) {
        return byTrunk.getOrDefault(trunkId, List.of()).stream().map(TrunkAddress::text).toList();
    }

    /**
     * Replaces the trunk's addresses (blocking: the store), then uses them; audited.
     *
     * @throws Conflict naming the other account's trunk that holds one of them
     */
    public List<String> replace(Trunk trunk, List<TrunkAddress> entries, String actor) {
        synchronized (writeLock) {
            for (Map.Entry<String, List<TrunkAddress>> other : byTrunk.entrySet()) {
                if (other.getKey().equals(trunk.id())) continue;
                Optional<Trunk> o = directory.trunk(other.getKey());
                if (o.isEmpty() || o.get().accountId().equals(trunk.accountId())) continue; // same account's trunks may share
                for (TrunkAddress mine : entries) {
                    for (TrunkAddress theirs : other.getValue()) {
                        if (mine.overlaps(theirs)) {
                            throw new Conflict("'" + mine + "' overlaps '" + theirs + "' of trunk '" + o.get().id()
                                    + "' (account '" + o.get().accountId() + "')");
                        }
                    }
                }
            }
            List<String> before = of(trunk.id());
            List<String> after = entries.stream().map(TrunkAddress::text).toList();
            repository.replace(trunk.id(), after);
            if (entries.isEmpty()) byTrunk.remove(trunk.id());
            else byTrunk.put(trunk.id(), List.copyOf(entries));
            rebuild();
            feed.publish(CHANGES, trunk.id());
            audit.append(AuditEntry.of(clock.instant(), actor, ACTION_WRITE, "trunk:" + trunk.id(),
                    CompactJson.write(Map.of("addresses", before)), CompactJson.write(Map.of("addresses", after))));
            return after;
        }
    }

    /** The trunk is gone (its rows went with it in the store): its addresses no longer name an account. */
    @Override
    public void trunkRemoved(String trunkId) {
        // told under the directory's write lock: memory only, and not behind a write waiting for the store
        if (byTrunk.remove(trunkId) != null) rebuild();
        repository.trunkRemoved(trunkId);
    }

    /** A new index from {@code byTrunk}: its own lock, so that a removal never waits for a write's store access. */
    private void rebuild() {
        synchronized (byTrunk) {
            index = Index.of(byTrunk);
        }
    }

    /** Exact addresses in one hash map; ranges in one hash map per prefix length, longest first. */
    private record Index(Map<String, String> exact, Map<Integer, Map<ByteBuffer, String>> ranges,
                         int[] v4Prefixes, int[] v6Prefixes) {
        static final Index EMPTY = new Index(Map.of(), Map.of(), new int[0], new int[0]);

        static Index of(Map<String, List<TrunkAddress>> byTrunk) {
            Map<String, String> exact = new HashMap<>();
            Map<Integer, Map<ByteBuffer, String>> ranges = new HashMap<>();
            TreeSet<Integer> v4 = new TreeSet<>(), v6 = new TreeSet<>();
            byTrunk.forEach((trunk, entries) -> {
                for (TrunkAddress e : entries) {
                    if (e.exact()) {
                        exact.put(e.text(), trunk);
                    } else {
                        // the key tells the family apart: 4 bytes or 16
                        int key = e.network().length == 4 ? e.prefix() : 1000 + e.prefix();
                        ranges.computeIfAbsent(key, k -> new HashMap<>()).put(ByteBuffer.wrap(e.network()), trunk);
                        (e.network().length == 4 ? v4 : v6).add(e.prefix());
                    }
                }
            });
            return new Index(exact, ranges, descending(v4), descending(v6));
        }

        private static int[] descending(TreeSet<Integer> prefixes) {
            return prefixes.descendingSet().stream().mapToInt(Integer::intValue).toArray();
        }

        /** The trunk of the longest-prefix range holding {@code address}, null when none does. */
        String inRange(String address) {
            byte[] a = AddressRanges.literal(address);
            if (a == null) return null;
            boolean v4 = a.length == 4;
            for (int prefix : v4 ? v4Prefixes : v6Prefixes) {
                String trunk = ranges.get(v4 ? prefix : 1000 + prefix).get(ByteBuffer.wrap(TrunkAddress.masked(a, prefix)));
                if (trunk != null) return trunk;
            }
            return null;
        }
    }
}
