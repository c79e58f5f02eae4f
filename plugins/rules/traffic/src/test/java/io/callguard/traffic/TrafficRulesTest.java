package io.callguard.traffic;

import io.callguard.core.config.ConfigValues;
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
        assertThat(set.json().keySet()).containsExactly("LOW_ASR", "SHORT_CALLS", "ABNORMAL_CONSUMPTION",
                "SIP_TRANSACTION_RATE");
    }

    @Test
    void sipTransactionRateTakesOnlyItsActionAndReadsAsItsActionAlone() {
        RuleSet set = RuleSetBody.read(Map.of("SIP_TRANSACTION_RATE", Map.of("action", "suspend")), defaults);
        assertThat(set.get(TrafficRule.SIP_TRANSACTION_RATE).action()).isEqualTo(RuleAction.SUSPEND);
        assertThat(set.get(TrafficRule.LOW_ASR)).isEqualTo(defaults.get(TrafficRule.LOW_ASR));
        assertThat(set.json().get("SIP_TRANSACTION_RATE")).isEqualTo(Map.of("action", "suspend"));
        assertThat(RuleSet.parse(set.text(), defaults)).isEqualTo(set);
        // an empty object keeps the default action
        assertThat(RuleSetBody.read(Map.of("SIP_TRANSACTION_RATE", Map.of()), defaults)
                .get(TrafficRule.SIP_TRANSACTION_RATE).action()).isEqualTo(RuleAction.ALERT);
    }

    @Test
    void sipTransactionRateRefusesEveryOtherFieldNamingIt() {
        assertThatThrownBy(() -> RuleSetBody.read(Map.of("SIP_TRANSACTION_RATE",
                Map.of("action", "ban", "minCalls", 10, "limitPerSecond", 40)), defaults))
                .isInstanceOfSatisfying(InvalidFields.class, e -> {
                    assertThat(e.errors()).extracting(InvalidFields.FieldError::field).containsExactlyInAnyOrder(
                            "SIP_TRANSACTION_RATE.action", "SIP_TRANSACTION_RATE.minCalls",
                            "SIP_TRANSACTION_RATE.limitPerSecond");
                    assertThat(e.errors()).filteredOn(x -> x.field().endsWith("limitPerSecond")).singleElement()
                            .satisfies(x -> assertThat(x.message()).contains("sipRates.transactionsPerSecond"));
                });
    }

    @Test
    void aStoredTextWrittenBeforeSipTransactionRateReadsItsDefault() {
        String before = "LOW_ASR suspend 0.4 40 3 50\nSHORT_CALLS off 0.5 40 3 50\nABNORMAL_CONSUMPTION alert 0.5 40 3 50\n";
        RuleSet set = RuleSet.parse(before, defaults);
        assertThat(set.get(TrafficRule.LOW_ASR).action()).isEqualTo(RuleAction.SUSPEND);
        assertThat(set.get(TrafficRule.LOW_ASR).threshold()).isEqualByComparingTo("0.4");
        assertThat(set.get(TrafficRule.ABNORMAL_CONSUMPTION).action()).isEqualTo(RuleAction.ALERT);
        assertThat(set.get(TrafficRule.SIP_TRANSACTION_RATE)).isEqualTo(defaults.get(TrafficRule.SIP_TRANSACTION_RATE));
    }

    @Test
    void theSipTransactionRateActionOptionDefaultsToAlertAndRefusesAnUnknownAction() {
        ConfigValues defaultsOnly = ConfigValues.defaults(TrafficOptions.OPTIONS);
        TrafficOptions options = TrafficOptions.from(defaultsOnly);
        assertThat(defaultsOnly.problems()).isEmpty();
        assertThat(options.defaults().get(TrafficRule.SIP_TRANSACTION_RATE).action()).isEqualTo(RuleAction.ALERT);
        assertThat(options.defaults().get(TrafficRule.LOW_ASR).action()).isEqualTo(RuleAction.OFF);

        ConfigValues suspend = ConfigValues.defaults(TrafficOptions.OPTIONS)
                .set(TrafficOptions.SIP_TRANSACTION_RATE_ACTION, "suspend", "file");
        assertThat(TrafficOptions.from(suspend).defaults().get(TrafficRule.SIP_TRANSACTION_RATE).action())
                .isEqualTo(RuleAction.SUSPEND);

        ConfigValues bad = ConfigValues.defaults(TrafficOptions.OPTIONS)
                .set(TrafficOptions.SIP_TRANSACTION_RATE_ACTION, "ban", "file");
        TrafficOptions.from(bad);
        assertThat(bad.problems()).singleElement().asString().contains(TrafficOptions.SIP_TRANSACTION_RATE_ACTION);
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
