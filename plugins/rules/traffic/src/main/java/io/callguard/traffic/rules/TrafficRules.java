package io.callguard.traffic.rules;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.json.CompactJson;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every account's rules in memory (loaded at start, replaced on each write, read by the watch after each record)
 * over the repository, with the module's defaults for what an account did not set.
 */
public final class TrafficRules {
    public static final String ACTION_WRITE = "traffic.rules";

    private final TrafficRuleRepository repository;
    private final RuleSet defaults;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, RuleSet> byAccount = new ConcurrentHashMap<>();

    /** The kind of change published when an account's rules are written; the id is the account's. */
    public static final String CHANGES = "traffic.rules";

    /** Where this node's writes are told to the other nodes sharing the store (none by default). */
    private volatile io.callguard.core.cluster.ChangeFeed feed = new io.callguard.core.cluster.LocalChangeFeed();

    /** Publishes each write made here ({@link #CHANGES}) after the store write. */
    public void publishChangesTo(io.callguard.core.cluster.ChangeFeed feed) { this.feed = java.util.Objects.requireNonNull(feed, "feed"); }

    public TrafficRules(TrafficRuleRepository repository, RuleSet defaults, AuditLog audit, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Reads every account's rules from the repository (blocking). */
    public int load() {
        // read first, then replaced entry by entry: the watch never sees an account without its rules meanwhile
        Map<String, RuleSet> read = new java.util.HashMap<>();
        repository.all().forEach((account, text) -> read.put(account, RuleSet.parse(text, defaults)));
        byAccount.putAll(read);
        byAccount.keySet().retainAll(read.keySet());
        return read.size();
    }

    public RuleSet defaults() { return defaults; }

    public RuleSet of(String accountId) { return byAccount.getOrDefault(accountId, defaults); }

    /** Stores the account's rules (blocking), then uses them; audited. */
    public synchronized RuleSet write(String accountId, RuleSet rules, String actor) {
        RuleSet before = byAccount.get(accountId);
        repository.save(accountId, rules.text());
        byAccount.put(accountId, rules);
        feed.publish(CHANGES, accountId);
        audit.append(AuditEntry.of(clock.instant(), actor, ACTION_WRITE, "account:" + accountId,
                before == null ? null : CompactJson.write(before.json()), CompactJson.write(rules.json())));
        return rules;
    }

    /** Forgets a deleted account's rules (the store deletes its row with the account). */
    public void drop(String accountId) { byAccount.remove(accountId); }
}
