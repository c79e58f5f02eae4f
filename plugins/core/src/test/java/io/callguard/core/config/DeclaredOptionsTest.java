package io.callguard.core.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeclaredOptionsTest {
    private static final DeclaredOptions DECLARED = new DeclaredOptions(owners(
            List.of(Option.of("toy.period", OptionType.DURATION, "2s", "how often"),
                    Option.of("toy.key", OptionType.SECRET, null, "secret")),
            List.of(Option.of("policy.toy-cap.limit", OptionType.INT, "5", "limit"),
                    Option.of("policy.toy-cap.on", OptionType.BOOLEAN, "true", "whether"))));

    private static Map<String, List<Option>> owners(List<Option> a, List<Option> b) {
        Map<String, List<Option>> byOwner = new LinkedHashMap<>();
        byOwner.put("a", a);
        byOwner.put("b", b);
        return byOwner;
    }

    @Test
    void aKeyDeclaredTwiceNamesBothOwners() {
        List<Option> period = List.of(Option.of("toy.period", OptionType.DURATION, "2s", "how often"));
        assertThatThrownBy(() -> new DeclaredOptions(owners(period, period)))
                .hasMessage("option toy.period is declared by a and by b");
    }

    @Test
    void keyTreeKeepsPolicySettingsApart() {
        assertThat(DECLARED.all()).extracting(Option::path).containsExactly("toy.period", "toy.key");
        assertThat(DECLARED.isSection("toy")).isTrue();
        assertThat(DECLARED.isSection("toy.period")).isFalse();
        assertThat(DECLARED.childrenOf("")).containsExactly("policy", "toy");
        assertThat(DECLARED.childrenOf("toy")).containsExactly("key", "period");
        assertThat(DECLARED.policyDefaults()).isEqualTo(Map.of("toy-cap", Map.of("limit", 5, "on", true)));
    }

    @Test
    void environmentOverridesTheFileWhichOverridesTheDefaults() {
        Map<String, ConfigValues.Value> raw = DECLARED.layered(Map.of("toy.period", "3s", "toy.key", "k1"),
                Map.of("CALLGUARD_TOY_KEY", "k2"));
        assertThat(raw).containsEntry("toy.period", new ConfigValues.Value("3s", "file"))
                .containsEntry("toy.key", new ConfigValues.Value("k2", "CALLGUARD_TOY_KEY"));
        assertThat(DECLARED.layered(Map.of(), Map.of())).containsOnlyKeys("toy.period");
    }

    @Test
    void policySettingsFromTheEnvironmentAreTypedLikeTheValueTheyReplace() {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> settings = DECLARED.policySettings(Map.of("other", Map.of("ratio", 0.5)),
                Map.of("CALLGUARD_POLICY_TOY_CAP_LIMIT", " 7 ", "CALLGUARD_POLICY_OTHER_RATIO", "x"), problems);
        assertThat(settings.get("toy-cap")).isEqualTo(Map.of("limit", 7, "on", true));
        assertThat(settings.get("other")).isEqualTo(Map.of("ratio", 0.5));
        assertThat(problems).containsExactly("policy.other.ratio: must be a number, got 'x' (from CALLGUARD_POLICY_OTHER_RATIO)");
    }

    @Test
    void moduleValuesMaskTheirSecretsAndCompareInOneSpelling() {
        List<Option> options = List.of(Option.of("toy.period", OptionType.DURATION, "2s", "how often"),
                Option.of("toy.key", OptionType.SECRET, null, "secret"));
        ModuleValues spelt = ModuleValues.of(List.of(), options, Map.of("toy.period", new ConfigValues.Value("60s", "file"),
                "toy.key", new ConfigValues.Value("k", "file")));
        assertThat(spelt).isEqualTo(ModuleValues.of(List.of(), options, Map.of("toy.period",
                new ConfigValues.Value("1m", "file"), "toy.key", new ConfigValues.Value("k", "file"))));
        assertThat(spelt.toString()).contains("toy.key=***").doesNotContain("=k");
    }
}
