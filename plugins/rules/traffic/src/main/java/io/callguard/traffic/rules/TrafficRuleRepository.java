package io.callguard.traffic.rules;

import java.util.Map;
import java.util.Optional;

/**
 * Where each account's traffic rules are kept: one text per account, a line per rule ({@link RuleSet#text()}).
 * Blocking (the store's implementation is JDBC): call it off the event loop.
 */
public interface TrafficRuleRepository {
    Optional<String> find(String accountId);

    /** Every account's rules. */
    Map<String, String> all();

    /** Writes (inserts or replaces) the account's rules. */
    void save(String accountId, String rulesText);

    /** Forgets the account's rules (its deletion); false when there was none. */
    boolean delete(String accountId);
}
