package io.callguard.siprates;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The blocks in memory only: tests, the bench, and an app run without a store (a restart forgets them). */
public final class InMemoryBlockedAddressRepository implements BlockedAddressRepository {
    private final Map<String, BlockedAddress> blocks = new ConcurrentHashMap<>();

    @Override public void save(BlockedAddress block) { blocks.put(block.address(), block); }

    @Override public boolean delete(String address) { return blocks.remove(address) != null; }

    @Override
    public List<BlockedAddress> all() {
        return blocks.values().stream().sorted(Comparator.comparing(BlockedAddress::address)).toList();
    }
}
