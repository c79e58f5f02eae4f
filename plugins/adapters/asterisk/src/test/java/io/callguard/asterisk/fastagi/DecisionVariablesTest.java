package io.callguard.asterisk.fastagi;

import io.callguard.core.policy.Decision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class DecisionVariablesTest {
    @Test
    void aDenialSetsVerdictReasonCauseAndPromptInThatOrder() {
        assertThat(DecisionVariables.of(Decision.deny("UNKNOWN_ACCOUNT", 21, "callguard/unknown-account")))
                .containsExactly(entry("CALLGUARD_VERDICT", "DENY"), entry("CALLGUARD_REASON", "UNKNOWN_ACCOUNT"),
                        entry("CALLGUARD_CAUSE", "21"), entry("CALLGUARD_PROMPT", "callguard/unknown-account"));
    }

    @Test
    void anEmergencyAllowanceHasNoMaxSeconds() {
        assertThat(DecisionVariables.of(Decision.allow("EMERGENCY", null)))
                .containsExactly(entry("CALLGUARD_VERDICT", "ALLOW"), entry("CALLGUARD_REASON", "EMERGENCY"))
                .doesNotContainKey(DecisionVariables.MAX_SECONDS);
    }

    @Test
    void anAllowanceCarriesItsMaxSecondsAndItsAnnouncementEvenEmpty() {
        assertThat(DecisionVariables.of(Decision.allow(7200).withAnnouncement(null)))
                .containsExactly(entry("CALLGUARD_VERDICT", "ALLOW"), entry("CALLGUARD_MAX_SECONDS", "7200"),
                        entry("CALLGUARD_ANNOUNCEMENT", ""));
    }
}
