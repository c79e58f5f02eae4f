package io.callguard.core.policy.builtin;

import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Direction;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.Reasons;
import io.callguard.core.policy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static io.callguard.core.policy.TestCalls.ACME;
import static io.callguard.core.policy.TestCalls.call;
import static io.callguard.core.policy.TestCalls.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmergencyPolicyTest {
    private final Policy policy = new EmergencyPolicyProvider().create(env(new InMemoryDirectory(), Map.of()));

    @ParameterizedTest
    @ValueSource(strings = {"15", "17", "18", "112", "114", "115", "119", "116000", "191", "196", "197", "1 12"})
    void emergencyCallsAreAllowedWithoutMaximumDuration(String dialled) {
        Optional<Decision> d = policy.evaluate(call(Direction.OUTBOUND, ACME, dialled)).toCompletableFuture().join();
        assertThat(d).isPresent();
        assertThat(d.get().verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(d.get().reason()).isEqualTo(Reasons.EMERGENCY);
        assertThat(d.get().maxSeconds()).as("an emergency call is never cut").isNull();
        // so no CALLGUARD_MAX_SECONDS is sent: the FastAGI adapter's DecisionVariablesTest
    }

    @Test
    void emergencyCallsOfUnknownAccountsAreAllowedToo() {
        Optional<Decision> d = policy.evaluate(call(Direction.OUTBOUND, null, "112")).toCompletableFuture().join();
        assertThat(d).contains(EmergencyPolicy.ALLOW_EMERGENCY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0612345678", "116117", "3949", "+112", "0112", "abc", "", "0899123456"})
    void otherCallsPass(String dialled) {
        assertThat(policy.evaluate(call(Direction.OUTBOUND, ACME, dialled)).toCompletableFuture().join()).isEmpty();
    }

    @Test
    void nameIsEmergency() {
        assertThat(policy.name()).isEqualTo("emergency");
        assertThat(new EmergencyPolicyProvider().name()).isEqualTo("emergency");
    }

    @Test
    void takesNoSettings() {
        assertThatThrownBy(() -> new EmergencyPolicyProvider().create(env(new InMemoryDirectory(), Map.of("numbers", "112"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("policy.emergency.numbers: unknown setting");
    }
}
