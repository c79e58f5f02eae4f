package io.callguard.core.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigValuesTest {
    private static final List<Option> OPTIONS = List.of(
            Option.of("toy.period", OptionType.DURATION, "2s", "how often"),
            Option.of("toy.size", OptionType.INT, "4", "how many"),
            Option.of("toy.on", OptionType.BOOLEAN, "true", "whether"),
            Option.of("toy.numbers", OptionType.LIST, "112, 114", "which"));

    @Test
    void defaultsReadTyped() {
        ConfigValues v = ConfigValues.defaults(OPTIONS);
        assertThat(v.duration("toy.period", Duration.ZERO, Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(2));
        assertThat(v.integer("toy.size", 1, 8, "1..8")).isEqualTo(4);
        assertThat(v.bool("toy.on")).isTrue();
        assertThat(v.list("toy.numbers")).containsExactly("112", "114");
        assertThat(v.isDefault("toy.size")).isTrue();
        assertThat(v.problems()).isEmpty();
    }

    @Test
    void everyProblemNamesItsKeyAndTheVariableItCameFrom() {
        ConfigValues v = ConfigValues.defaults(OPTIONS)
                .set("toy.period", "2 seconds", "file")
                .set("toy.size", "9", "CALLGUARD_TOY_SIZE")
                .set("toy.on", "yes", "file");
        v.duration("toy.period", Duration.ZERO, Duration.ofMinutes(1));
        assertThat(v.integer("toy.size", 1, 8, "1..8")).as("placeholder").isEqualTo(1);
        v.bool("toy.on");
        assertThat(v.isDefault("toy.size")).isFalse();
        assertThat(v.problems()).containsExactly(
                "toy.period: must be a duration such as 250ms, 2s, 5m, 1h or PT2S, got '2 seconds'",
                "toy.size: must be 1..8, got 9 (from CALLGUARD_TOY_SIZE)",
                "toy.on: must be true or false, got 'yes'");
    }

    @Test
    void environmentNamesAreTheKeysInUpperSnakeCase() {
        assertThat(Option.envName("caps.orphanGrace")).isEqualTo("CALLGUARD_CAPS_ORPHAN_GRACE");
        assertThat(Option.envName("policy.channel-cap.defaultMaxSeconds"))
                .isEqualTo("CALLGUARD_POLICY_CHANNEL_CAP_DEFAULT_MAX_SECONDS");
        assertThat(Option.of("policy.default.unknownAccount", OptionType.STRING, "deny", "d").policySetting()).isTrue();
    }
}
