package io.callguard.core.policy;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkKind;
import io.callguard.core.numbering.NumberCategory;
import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DecisionEngineTest {
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final MutableClock clock = new MutableClock(TestCalls.T0);
    private final Account acme = new Account("acme", "Acme", 3600);
    private final Account beta = new Account("beta", "Beta", 1800);

    DecisionEngineTest() {
        directory.put(acme);
        directory.put(beta);
        directory.put(new Trunk("trunk-a", "acme", TrunkKind.T0_IP, 2));
        directory.put(new Trunk("trunk-b", "beta", TrunkKind.T2_IP, 30));
        directory.put(new DidNumber("0198765432", "acme", "trunk-a"));
        directory.put(new DidNumber("0899123456", "beta", null));
    }

    private DecisionEngine engine(List<DecisionListener> listeners) {
        PolicyChain chain = PolicyRegistry.withBuiltIns(List.of()).build(List.of("emergency", "default"),
                TestCalls.env(directory, Map.of()), Map.of());
        return new DecisionEngine(directory, TestCalls.PLAN, chain, clock, listeners);
    }

    private static CallRequest outbound(String accountCode, String endpoint, String dialled) {
        return new CallRequest(Direction.OUTBOUND, accountCode, endpoint, "0198765432", dialled,
                "PJSIP/" + endpoint + "-00000001", "1700000000.1");
    }

    private static CallRequest inbound(String accountCode, String dialled) {
        return new CallRequest(Direction.INBOUND, accountCode, "carrier", "0612345678", dialled,
                "PJSIP/carrier-00000002", "1700000000.2");
    }

    @Test
    void outboundAccountComesFromTheAccountCode() {
        CallContext c = engine(List.of()).resolve(outbound("acme", "trunk-a", "06 12 34 56 78"));
        assertThat(c.accountId()).isEqualTo("acme");
        assertThat(c.account()).isEqualTo(acme);
        assertThat(c.trunkId()).isEqualTo("trunk-a");
        assertThat(c.trunk()).isNotNull();
        assertThat(c.callee().normalized()).isEqualTo("0612345678");
        assertThat(c.callee().category()).isEqualTo(NumberCategory.MOBILE);
        assertThat(c.at()).isEqualTo(TestCalls.T0);
        assertThat(c.uniqueId()).isEqualTo("1700000000.1");
    }

    @Test
    void outboundWithoutAccountCodeTakesTheTrunkOwner() {
        CallContext c = engine(List.of()).resolve(outbound("", "trunk-b", "0612345678"));
        assertThat(c.accountId()).isEqualTo("beta");
        assertThat(c.account()).isEqualTo(beta);
        assertThat(c.trunk().id()).isEqualTo("trunk-b");
    }

    @Test
    void outboundTrunkOfAnotherAccountIsNotAttachedToTheCall() {
        CallContext c = engine(List.of()).resolve(outbound("acme", "trunk-b", "0612345678"));
        assertThat(c.account()).isEqualTo(acme);
        assertThat(c.trunkId()).isEqualTo("trunk-b");
        assertThat(c.trunk()).isNull();
    }

    @Test
    void inboundAccountAndTrunkComeFromTheDid() {
        CallContext c = engine(List.of()).resolve(inbound("", "+33198765432"));
        assertThat(c.accountId()).isEqualTo("acme");
        assertThat(c.account()).isEqualTo(acme);
        assertThat(c.trunkId()).isEqualTo("trunk-a");
        assertThat(c.trunk()).isNotNull();
        CallContext noTrunk = engine(List.of()).resolve(inbound("", "0899123456"));
        assertThat(noTrunk.account()).isEqualTo(beta);
        assertThat(noTrunk.trunkId()).isEmpty();
        assertThat(noTrunk.trunk()).isNull();
    }

    @Test
    void unknownCallersResolveToANullAccount() {
        CallContext out = engine(List.of()).resolve(outbound("nobody", "trunk-x", "0612345678"));
        assertThat(out.account()).isNull();
        assertThat(out.accountKnown()).isFalse();
        assertThat(out.trunk()).isNull();
        CallContext in = engine(List.of()).resolve(inbound("", "0155555555"));
        assertThat(in.account()).isNull();
        assertThat(in.accountId()).isEmpty();
        CallContext noTrunk = engine(List.of()).resolve(outbound("", "", "0612345678"));
        assertThat(noTrunk.account()).isNull();
        assertThat(noTrunk.accountId()).isEmpty();
    }

    @Test
    void decisionsFollowTheResolution() throws Exception {
        DecisionEngine e = engine(List.of());
        assertThat(e.decide(outbound("", "trunk-b", "0612345678")).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo(Decision.allow(1800));
        assertThat(e.decide(inbound("", "0155555555")).toCompletableFuture().get(5, TimeUnit.SECONDS).reason())
                .isEqualTo(Reasons.UNKNOWN_NUMBER);
        assertThat(e.decide(outbound("nobody", "x", "112")).toCompletableFuture().get(5, TimeUnit.SECONDS).reason())
                .isEqualTo(Reasons.EMERGENCY);
    }

    @Test
    void listenersHearEveryDecisionWithItsCall() throws Exception {
        List<String> heard = new ArrayList<>();
        DecisionEngine e = engine(List.of((call, d) -> heard.add(call.accountId() + ":" + d.verdict())));
        e.decide(outbound("acme", "trunk-a", "0612345678")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        e.decide(outbound("nobody", "trunk-x", "0612345678")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(heard).containsExactly("acme:ALLOW", "nobody:DENY");
    }

    @Test
    void aThrowingListenerChangesNothing() throws Exception {
        List<Decision> heard = new ArrayList<>();
        DecisionEngine e = engine(List.of(
                (call, d) -> { throw new IllegalStateException("listener broken"); },
                (call, d) -> heard.add(d)));
        Decision d = e.decide(outbound("acme", "trunk-a", "0612345678")).toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(d).isEqualTo(Decision.allow(3600));
        assertThat(heard).containsExactly(d);
    }

    @Test
    void theDecisionTimeComesFromTheClock() {
        clock.advance(java.time.Duration.ofMinutes(5));
        assertThat(engine(List.of()).resolve(outbound("acme", "trunk-a", "112")).at())
                .isEqualTo(TestCalls.T0.plusSeconds(300));
    }

    /**
     * The call is in the logging MDC while its policies and the decision's listeners run (the account as resolved,
     * here from the trunk's owner), and the thread's MDC is as it was afterwards: nothing leaks to the next call.
     */
    @Test
    void thePoliciesAndListenersRunWithTheCallInTheMdcAndTheThreadsMdcIsPutBack() throws Exception {
        List<String> seen = new ArrayList<>();
        Policy spy = new Policy() {
            @Override public String name() { return "spy"; }

            @Override public java.util.concurrent.CompletionStage<java.util.Optional<Decision>> evaluate(CallContext call) {
                seen.add("policy " + org.slf4j.MDC.get("uniqueId") + " " + org.slf4j.MDC.get("accountId"));
                return PASS;
            }
        };
        PolicyChain chain = new PolicyChain(List.of(spy), Decision.allow(3600));
        DecisionEngine engine = new DecisionEngine(directory, TestCalls.PLAN, chain, clock,
                List.of((call, d) -> seen.add("listener " + org.slf4j.MDC.get("uniqueId") + " " + org.slf4j.MDC.get("accountId"))));

        org.slf4j.MDC.put("uniqueId", "outer");
        try {
            engine.decide(outbound("", "trunk-b", "0612345678")).toCompletableFuture().get(1, TimeUnit.SECONDS);
            assertThat(org.slf4j.MDC.get("uniqueId")).as("put back").isEqualTo("outer");
            assertThat(org.slf4j.MDC.get("accountId")).as("put back: none before").isNull();
        } finally {
            org.slf4j.MDC.clear();
        }
        engine.decide(outbound("acme", "trunk-a", "0612345678")).toCompletableFuture().get(1, TimeUnit.SECONDS);
        assertThat(org.slf4j.MDC.getCopyOfContextMap()).as("nothing left on the thread").isNullOrEmpty();
        assertThat(seen).containsExactly("policy 1700000000.1 beta", "listener 1700000000.1 beta",
                "policy 1700000000.1 acme", "listener 1700000000.1 acme");
    }
}
