package io.callguard.server;

import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.asterisk.fastagi.WarmUpCalls;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.limits.Allocations;
import io.callguard.core.limits.InMemoryAllocations;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.server.config.Config;
import io.callguard.suspension.SuspensionBook;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * Warms the decision path before FastAGI listens ({@link WarmUpCalls}) through a throw-away copy of the configured
 * policy chain, built by the same providers (the core's built-in ones and the started rule modules', so a module
 * not enabled is not warmed up either) from the same settings, over fresh instances of the services the real chain
 * is built over (its own and the modules'): no reservation or suspension of the real service is touched.
 */
final class DecisionPathWarmUp {
    private DecisionPathWarmUp() { }

    /** Never fails: a chain that cannot be copied only skips the warm-up, with a WARN. */
    static Future<Void> run(Vertx vertx, FastAgiOptions options, Config.Policies policies, PolicyRegistry providers,
                            FrenchNumberingPlan plan) {
        return WarmUpCalls.run(vertx, options, plan, (directory, clock, tracker) -> providers.buildQuietly(
                policies.enabled(), new PolicyEnvironment(directory, plan, clock, Map.of(), Map.of(CallTracker.class,
                        tracker, Allocations.class, new InMemoryAllocations(clock), SuspensionBook.class, new SuspensionBook())),
                policies.settings()));
    }
}
