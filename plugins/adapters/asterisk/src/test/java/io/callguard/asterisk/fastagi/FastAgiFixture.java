package io.callguard.asterisk.fastagi;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.numbering.FrenchNumberingPlan;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.DecisionEngine;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.time.MutableClock;
import io.callguard.testkit.agi.AgiBehaviour;
import io.callguard.testkit.agi.AgiEnvironment;
import io.callguard.testkit.agi.AgiSessionResult;
import io.callguard.testkit.agi.EmulatedAgiClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** A real DecisionEngine with small test-local policies, a server on an ephemeral port, an emulated Asterisk. */
final class FastAgiFixture {
    static final String HOST = "127.0.0.1";
    static final Duration WAIT = Duration.ofSeconds(10);

    final Vertx vertx;
    final FastAgiServer server;
    final EmulatedAgiClient asterisk;
    final int port;

    private FastAgiFixture(Vertx vertx, FastAgiOptions options, DecisionEngine engine) {
        this.vertx = vertx;
        this.server = new FastAgiServer(vertx, options, engine);
        this.port = await(server.start());
        this.asterisk = new EmulatedAgiClient(vertx);
    }

    static FastAgiFixture start(Vertx vertx, FastAgiOptions options, Policy... policies) {
        return new FastAgiFixture(vertx, options, engine(policies));
    }

    /** The usual chain: emergency → ALLOW EMERGENCY, unknown account → DENY 21, else ALLOW the account's maximum. */
    static FastAgiFixture start(Vertx vertx, FastAgiOptions options) {
        return start(vertx, options, emergencyPolicy(), knownAccountPolicy());
    }

    static FastAgiOptions options() {
        return new FastAgiOptions(HOST, 0, Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(2), 2048,
                128, FailureMode.OPEN, true);
    }

    static DecisionEngine engine(Policy... policies) {
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.put(new Account("acme", "Acme", 7200));
        directory.put(new Trunk("trunk-a", "acme", TrunkKind.T0_IP, 2));
        directory.put(new DidNumber("0198765432", "acme", "trunk-a"));
        return new DecisionEngine(directory, FrenchNumberingPlan.withDefaults(),
                new PolicyChain(List.of(policies), Decision.allow("FALLBACK", null)),
                new MutableClock(Instant.parse("2026-11-26T10:00:00Z")), List.of());
    }

    static Policy emergencyPolicy() {
        return policy("emergency", c -> c.isEmergency() ? Policy.settle(Decision.allow("EMERGENCY", null)) : Policy.pass());
    }

    static Policy knownAccountPolicy() {
        return policy("known-account", c -> c.accountKnown()
                ? Policy.settle(Decision.allow(c.account().maxCallSeconds()))
                : Policy.settle(Decision.deny("UNKNOWN_ACCOUNT", 21, null)));
    }

    static Policy policy(String name, Function<CallContext, CompletionStage<Optional<Decision>>> rule) {
        return new Policy() {
            @Override public String name() { return name; }

            @Override public CompletionStage<Optional<Decision>> evaluate(CallContext call) { return rule.apply(call); }
        };
    }

    static AgiEnvironment outbound(String accountCode, String channel, String dialled) {
        return AgiEnvironment.outbound(channel, "1795713716.3", accountCode, "0123456789", dialled);
    }

    AgiSessionResult call(AgiEnvironment env) { return call(env, AgiBehaviour.normal()); }

    AgiSessionResult call(AgiEnvironment env, AgiBehaviour behaviour) {
        AgiBehaviour bounded = behaviour.maxSessionTime().equals(AgiBehaviour.DEFAULT_MAX_SESSION_TIME)
                ? behaviour.withMaxSessionTime(WAIT) : behaviour;
        return await(asterisk.run(HOST, port, env, bounded));
    }

    void stop() {
        await(server.stop(Duration.ZERO));
    }

    /** Waits, without sleeping the test thread in a loop, until {@code condition} holds. */
    void until(BooleanSupplier condition, String what) {
        Promise<Void> done = Promise.promise();
        long start = System.nanoTime();
        vertx.setPeriodic(5, id -> {
            if (condition.getAsBoolean()) {
                vertx.cancelTimer(id);
                done.tryComplete();
            } else if (System.nanoTime() - start > WAIT.toNanos()) {
                vertx.cancelTimer(id);
                done.tryFail(new AssertionError("timed out waiting until " + what));
            }
        });
        await(done.future());
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
