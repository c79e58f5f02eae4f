package io.callguard.credit.rating;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.json.CompactJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tariff plans' write side: a checked draft becomes the plan's next version, stored, put in force in
 * {@link InMemoryTariffs} (the next call that ends is rated by it) and audited ({@code tariff-plan.version}, the
 * previous version as {@code before}). A failure to store changes nothing; a failure to audit is logged at ERROR with
 * the entry (the version stands). Every method may block on the repository: call from a worker. Writes are serialised
 * on this node; two nodes writing the same plan at once: the second gets {@link PlanConflictException}.
 */
public final class TariffPlanService {
    public static final String ACTION_VERSION = "tariff-plan.version";
    private static final Logger LOG = LoggerFactory.getLogger(TariffPlanService.class);

    private final TariffPlanRepository repository;
    private final InMemoryTariffs tariffs;
    private final AuditLog audit;
    private final Clock clock;

    /** @param clock the store's clock (milliseconds), so that the version held equals the one read back */
    /** The kind of change published when a plan's new version is written; the id is the plan's. */
    public static final String CHANGES = "credit.tariff-plan";

    /** Where this node's writes are told to the other nodes sharing the store (none by default). */
    private volatile io.callguard.core.cluster.ChangeFeed feed = new io.callguard.core.cluster.LocalChangeFeed();

    /** Publishes each write made here ({@link #CHANGES}) after the store write. */
    public void publishChangesTo(io.callguard.core.cluster.ChangeFeed feed) { this.feed = java.util.Objects.requireNonNull(feed, "feed"); }

    public TariffPlanService(TariffPlanRepository repository, InMemoryTariffs tariffs, AuditLog audit, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.tariffs = Objects.requireNonNull(tariffs, "tariffs");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Puts the highest version of every stored plan in force: at start. @return how many plans */
    public int load() {
        int n = 0;
        for (TariffPlan p : repository.latest()) {
            tariffs.put(p);
            n++;
        }
        return n;
    }

    /**
     * Puts in force the versions other nodes wrote since the last look (the plans' highest versions are compared with
     * those held). @return how many plans changed
     */
    public int refresh() {
        int changed = 0;
        for (Map.Entry<String, Integer> e : repository.latestVersions().entrySet()) {
            int held = tariffs.plan(e.getKey()).map(TariffPlan::version).orElse(0);
            if (e.getValue() > held) {
                Optional<TariffPlan> p = repository.find(e.getKey(), e.getValue());
                if (p.isPresent()) {
                    tariffs.put(p.get());
                    changed++;
                }
            }
        }
        return changed;
    }

    /**
     * Stores {@code draft} as the next version of {@code planId} (version 1 for a new plan) and puts it in force.
     *
     * @throws PlanConflictException another node stored that version first
     */
    public synchronized TariffPlan publish(String planId, TariffPlanDraft draft, String actor) {
        int current = Math.max(repository.latestVersions().getOrDefault(planId, 0),
                tariffs.plan(planId).map(TariffPlan::version).orElse(0));
        Optional<TariffPlan> before = current == 0 ? Optional.empty() : repository.find(planId, current);
        TariffPlan plan = new TariffPlan(planId, current + 1, draft.name(), clock.instant(), actor, draft.rates());
        try {
            repository.insert(plan);
        } catch (IllegalStateException e) {
            throw new PlanConflictException("version " + plan.version() + " of tariff plan '" + planId
                    + "' was just written by another writer: read it and try again");
        }
        tariffs.put(plan);
        feed.publish(CHANGES, planId);
        LOG.info("tariff plan {} version {} in force ({} lines, by {})", planId, plan.version(), plan.rates().size(), actor);
        AuditEntry entry = AuditEntry.of(plan.createdAt(), actor, ACTION_VERSION, target(planId),
                before.map(p -> CompactJson.write(TariffPlanJson.toMap(p))).orElse(null),
                CompactJson.write(TariffPlanJson.toMap(plan)));
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            LOG.error("audit entry could not be stored (the change stands): {}", entry, e);
        }
        return plan;
    }

    /** The version in force (memory), or {@code version} of the plan (the store). */
    public Optional<TariffPlan> get(String planId, Integer version) {
        if (version == null) return tariffs.plan(planId);
        Optional<TariffPlan> held = tariffs.plan(planId).filter(p -> p.version() == version);
        return held.isPresent() ? held : repository.find(planId, version);
    }

    /** The audit trail's target of a plan: {@code tariff-plan:<id>}. */
    public static String target(String planId) { return "tariff-plan:" + planId; }
}
