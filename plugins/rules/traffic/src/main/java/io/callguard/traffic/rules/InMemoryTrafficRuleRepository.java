package io.callguard.traffic.rules;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The rules in memory only: tests, and an app run without a store. */
public final class InMemoryTrafficRuleRepository implements TrafficRuleRepository {
    private final Map<String, String> rules = new ConcurrentHashMap<>();

    @Override public Optional<String> find(String accountId) { return Optional.ofNullable(rules.get(accountId)); }

    @Override public Map<String, String> all() { return Map.copyOf(rules); }

    @Override public void save(String accountId, String rulesText) { rules.put(accountId, rulesText); }

    @Override public boolean delete(String accountId) { return rules.remove(accountId) != null; }
}
