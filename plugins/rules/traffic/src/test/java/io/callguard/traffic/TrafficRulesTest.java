package io.callguard.traffic;

import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.traffic.rules.RuleAction;
import io.callguard.traffic.rules.RuleSet;
import io.callguard.traffic.rules.RuleSetBody;
import io.callguard.traffic.rules.TrafficRule;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PUT body of the rules: defaults fill what is left out, every invalid field is named, the stored text round-trips. */
class TrafficRulesTest {
    private final TrafficFixture f = new TrafficFixture(m -> { });
    private final RuleSet defaults = f.rules.defaults();

    @Test
    void aPartialBodyTakesTheDefaultsForTheRest() {
        RuleSet set = RuleSetBody.read(Map.of("LOW_ASR", Map.of("action", "suspend", "threshold", 0.4),
                "SHORT_CALLS", Map.of("action", "alert", "thresholdSeconds", 30, "minCalls", 20)), defaults);
        assertThat(set.get(TrafficRule.LOW_ASR).action()).isEqualTo(RuleAction.SUSPEND);
        assertThat(set.get(TrafficRule.LOW_ASR).threshold()).isEqualByComparingTo("0.4");
        assertThat(set.get(TrafficRule.LOW_ASR).minCalls()).isEqualTo(50);
        assertThat(set.get(TrafficRule.SHORT_CALLS).thresholdSeconds()).isEqualTo(30);
        assertThat(set.get(TrafficRule.SHORT_CALLS).minCalls()).isEqualTo(20);
        assertThat(set.get(TrafficRule.ABNORMAL_CONSUMPTION)).isEqualTo(defaults.get(TrafficRule.ABNORMAL_CONSUMPTION));
        assertThat(RuleSet.parse(set.text(), defaults)).isEqualTo(set);
        assertThat(set.json().keySet()).containsExactly("LOW_ASR", "SHORT_CALLS", "ABNORMAL_CONSUMPTION");
    }

    @Test
    void everyInvalidFieldIsNamed() {
        assertThatThrownBy(() -> RuleSetBody.read(Map.of("LOW_ASR", Map.of("action", "ban", "threshold", 1.5, "factor", 2),
                "ABNORMAL_CONSUMPTION", Map.of("factor", 1, "minCalls", 0), "NOPE", Map.of()), defaults))
                .isInstanceOfSatisfying(InvalidFields.class, e -> assertThat(e.errors())
                        .extracting(InvalidFields.FieldError::field)
                        .containsExactlyInAnyOrder("LOW_ASR.action", "LOW_ASR.threshold", "LOW_ASR.factor",
                                "ABNORMAL_CONSUMPTION.factor", "ABNORMAL_CONSUMPTION.minCalls", "NOPE"));
    }
}
