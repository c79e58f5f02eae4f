package io.callguard.core.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailurePolicyTest {
    @Test
    void anEmergencyCallIsAllowedWhateverFailedAndWhateverTheMode() {
        for (boolean open : new boolean[] {true, false}) {
            assertThat(FailurePolicy.onFailure(FailurePolicy.DEADLINE, true, open))
                    .isEqualTo(Decision.allow(FailurePolicy.EMERGENCY, null));
            assertThat(FailurePolicy.onFailure(FailurePolicy.ERROR, true, open))
                    .isEqualTo(Decision.allow(FailurePolicy.EMERGENCY, null));
        }
        assertThat(FailurePolicy.onUnknownRequest(true)).isEqualTo(Decision.allow(FailurePolicy.EMERGENCY, null));
    }

    @Test
    void failingOpenAllowsWithTheReason() {
        assertThat(FailurePolicy.onFailure(FailurePolicy.DEADLINE, false, true))
                .isEqualTo(Decision.allow(FailurePolicy.DEADLINE, null));
    }

    @Test
    void failingClosedDeniesWithATemporaryFailureAndTheServiceUnavailablePrompt() {
        Decision d = FailurePolicy.onFailure(FailurePolicy.ERROR, false, false);
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.reason()).isEqualTo(FailurePolicy.ERROR);
        assertThat(d.cause()).isEqualTo(34);
        assertThat(d.prompt()).isEqualTo("callguard/service-unavailable");
    }

    @Test
    void anUnknownRequestIsDeniedNetworkOutOfOrderWithoutPrompt() {
        assertThat(FailurePolicy.onUnknownRequest(false)).isEqualTo(Decision.deny(FailurePolicy.UNKNOWN_SCRIPT, 38, null));
    }
}
