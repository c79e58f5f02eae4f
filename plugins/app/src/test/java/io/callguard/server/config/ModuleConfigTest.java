package io.callguard.server.config;

import io.callguard.core.config.ConfigView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule modules' part of the configuration: which modules start, and the values handed to them. */
class ModuleConfigTest {
    private static final Map<String, String> REQUIRED = Map.of("CALLGUARD_ADMIN_TOKEN", "0123456789abcdef",
            "CALLGUARD_AMI_SECRET", "s");

    @Test
    void everyModuleFoundStartsUnlessTheConfigurationNamesSome() {
        assertThat(ConfigLoader.loadYaml("", REQUIRED).modules().enabled()).isEmpty();
        assertThat(ConfigLoader.loadYaml("modules: [cti, call-caps]\n", REQUIRED).modules().enabled())
                .containsExactly("cti", "call-caps");
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.put("CALLGUARD_MODULES", "call-caps");
        assertThat(ConfigLoader.loadYaml("", env).modules().enabled()).containsExactly("call-caps");
    }

    @Test
    void anUnknownOrRepeatedModuleIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> ConfigLoader.loadYaml("modules: [call-caps, trafic, call-caps]\n", REQUIRED))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("modules: unknown rule module 'trafic' (known: call-caps, call-records, credit, cti, directory, incidents, reports, sip-rates, suspension, tariff-announcement, toy, traffic)")
                .hasMessageContaining("modules: 'call-caps' is listed twice");
    }

    @Test
    void modulesReadTheValuesTheFileAndTheEnvironmentGave() {
        Map<String, String> env = new java.util.HashMap<>(REQUIRED);
        env.put("CALLGUARD_CAPS_ORPHAN_GRACE", "20s");
        Config c = ConfigLoader.loadYaml("watchdog:\n  interval: 5s\ncti:\n  sms:\n    emergencyNumbers: [\"114\", \"115\"]\n", env);
        List<String> problems = new ArrayList<>();
        ConfigView view = c.modules().view(ConfigKeys.MODULE_OPTIONS, problems);

        assertThat(view.duration("caps.orphanGrace", Duration.ZERO, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(20));
        assertThat(view.duration("watchdog.interval", Duration.ZERO, Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(5));
        assertThat(view.list("cti.sms.emergencyNumbers")).containsExactly("114", "115");
        assertThat(view.isDefault("caps.startupHold")).isTrue();
        assertThat(view.isDefault("caps.orphanGrace")).isFalse();
        assertThat(problems).isEmpty();
        assertThat(c.modules()).as("the same settings spelt differently are the same configuration")
                .isEqualTo(ConfigLoader.loadYaml("caps:\n  orphanGrace: PT20S\nwatchdog:\n  interval: 5000ms\n"
                        + "cti:\n  sms:\n    emergencyNumbers: \"114, 115\"\n", REQUIRED).modules());
    }
}
