package io.callguard.core.policy.builtin;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.Reasons;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.callguard.core.policy.TestCalls.ACME;
import static io.callguard.core.policy.TestCalls.call;
import static io.callguard.core.policy.TestCalls.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultPolicyTest {
    private final InMemoryDirectory directory = new InMemoryDirectory();

    private Policy policy(Map<String, Object> settings) {
        return new DefaultPolicyProvider().create(env(directory, settings));
    }

    private static Decision decide(Policy p, CallContext call) {
        return p.evaluate(call).toCompletableFuture().join().orElseThrow(() -> new AssertionError("default passed"));
    }

    @Test
    void knownAccountIsAllowedWithItsOwnMaximumDuration() {
        Decision d = decide(policy(Map.of()), call(Direction.OUTBOUND, ACME, "0612345678"));
        assertThat(d).isEqualTo(Decision.allow(3600));
        Decision in = decide(policy(Map.of()), call(Direction.INBOUND, new Account("b", "B", 60), "0198765432"));
        assertThat(in).isEqualTo(Decision.allow(60));
    }

    @Test
    void unknownAccountOutboundIsDeniedWithCause21ByDefault() {
        Decision d = decide(policy(Map.of()), call(Direction.OUTBOUND, null, "0612345678"));
        assertThat(d).isEqualTo(Decision.deny("UNKNOWN_ACCOUNT", 21, "callguard/unknown-account"));
        // its channel variables (CALLGUARD_CAUSE=21, CALLGUARD_VERDICT=DENY): the FastAGI adapter's DecisionVariablesTest
        assertThat(d.cause()).isEqualTo(21);
        assertThat(d.allowed()).isFalse();
    }

    @Test
    void inboundToUnassignedNumberIsDeniedWithCause1() {
        Decision d = decide(policy(Map.of()), call(Direction.INBOUND, null, "0198765432"));
        assertThat(d).isEqualTo(Decision.deny("UNKNOWN_NUMBER", 1, "callguard/unknown-number"));
    }

    @Test
    void inboundToAssignedNumberWhoseAccountIsMissingIsAnUnknownAccount() {
        directory.put(new DidNumber("0198765432", "ghost", null));
        Decision d = decide(policy(Map.of()), call(Direction.INBOUND, null, "+33198765432"));
        assertThat(d).isEqualTo(DefaultPolicy.DENY_UNKNOWN_ACCOUNT);
    }

    @Test
    void unknownAccountAllowedWhenConfiguredWithDefaultMaximum() {
        Policy p = policy(Map.of("unknownAccount", "allow"));
        assertThat(decide(p, call(Direction.OUTBOUND, null, "0612345678")))
                .isEqualTo(Decision.allow(Reasons.UNKNOWN_ACCOUNT, 7200L));
        assertThat(decide(p, call(Direction.INBOUND, null, "0198765432")))
                .isEqualTo(Decision.allow(Reasons.UNKNOWN_NUMBER, 7200L));
    }

    @Test
    void defaultMaxSecondsAppliesToAllowedUnknownCallsOnly() {
        Policy p = policy(Map.of("unknownAccount", "ALLOW", "defaultMaxSeconds", 300));
        Decision unknown = decide(p, call(Direction.OUTBOUND, null, "0612345678"));
        assertThat(unknown.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(unknown.maxSeconds()).isEqualTo(300L);
        assertThat(decide(p, call(Direction.OUTBOUND, ACME, "0612345678")).maxSeconds()).isEqualTo(3600L);
    }

    @Test
    void settingsMayArriveAsStringsFromEnvironmentOverrides() {
        Policy p = policy(Map.of("unknownAccount", " allow ", "defaultMaxSeconds", "120"));
        assertThat(decide(p, call(Direction.OUTBOUND, null, "0612345678")).maxSeconds()).isEqualTo(120L);
    }

    @Test
    void explicitDenyIsTheDefault() {
        Policy p = policy(Map.of("unknownAccount", "deny"));
        assertThat(decide(p, call(Direction.OUTBOUND, null, "0612345678")).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void wrongUnknownAccountValueNamesTheKey() {
        assertThatThrownBy(() -> policy(Map.of("unknownAccount", "maybe")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy.default.unknownAccount: expected deny or allow, got 'maybe'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "abc", "1.5", ""})
    void wrongDefaultMaxSecondsNamesTheKey(String value) {
        assertThatThrownBy(() -> policy(Map.of("defaultMaxSeconds", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy.default.defaultMaxSeconds: expected a positive whole number, got '" + value + "'");
    }

    @ParameterizedTest
    @CsvSource({"0", "-1"})
    void nonPositiveNumericDefaultMaxSecondsIsRefused(int value) {
        assertThatThrownBy(() -> policy(Map.of("defaultMaxSeconds", value)))
                .hasMessageStartingWith("policy.default.defaultMaxSeconds:");
        assertThatThrownBy(() -> policy(Map.of("defaultMaxSeconds", 2.5)))
                .hasMessageStartingWith("policy.default.defaultMaxSeconds:");
    }

    @Test
    void misspeltSettingIsRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> policy(Map.of("unknownAcount", "allow")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy.default.unknownAcount: unknown setting (known: unknownAccount, defaultMaxSeconds)");
    }
}
