package io.callguard.siprates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The trunks' sip-addresses in memory only: tests, the bench, and an app run without a store. */
public final class InMemoryTrunkAddressRepository implements TrunkAddressRepository {
    private final Map<String, List<String>> byTrunk = new ConcurrentHashMap<>();

    @Override public Map<String, List<String>> all() { return new LinkedHashMap<>(byTrunk); }

    @Override
    public void replace(String trunkId, List<String> addresses) {
        if (addresses.isEmpty()) byTrunk.remove(trunkId);
        else byTrunk.put(trunkId, List.copyOf(addresses));
    }

    @Override public void trunkRemoved(String trunkId) { byTrunk.remove(trunkId); }
}
