package io.callguard.server.cti;

import io.callguard.server.config.ConfigException;
import io.callguard.server.config.ConfigLoader;
import io.callguard.cti.CtiOptions;
import io.callguard.cti.CtiSettings;
import io.callguard.server.config.Config;
import io.callguard.server.config.ConfigKeys;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings of the key refresh and of the callback guard: safe defaults, bounded values. */
class CtiSecuritySettingsTest {
    private static CtiSettings load(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("CALLGUARD_ADMIN_TOKEN", "0123456789abcdef",
                "CALLGUARD_AMI_SECRET", "s"));
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        Config config = ConfigLoader.load(Optional.empty(), env);
        List<String> problems = new ArrayList<>();
        CtiSettings settings = CtiOptions.from(config.modules().view(ConfigKeys.MODULE_OPTIONS, problems));
        assertThat(problems).isEmpty();
        return settings;
    }

    @Test
    void callbacksRefusePrivateAddressesAndKeysRefreshEveryMinuteByDefault() {
        CtiSettings c = load();
        assertThat(c.callbacks().allowPrivateAddresses()).isFalse();
        assertThat(c.callbacks().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.keysRefreshInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theSettingsComeFromTheEnvironment() {
        CtiSettings c = load("CALLGUARD_CTI_CALLBACKS_ALLOW_PRIVATE_ADDRESSES", "true",
                "CALLGUARD_CTI_CALLBACKS_TIMEOUT", "1s", "CALLGUARD_CTI_KEYS_REFRESH_INTERVAL", "5s");
        assertThat(c.callbacks().allowPrivateAddresses()).isTrue();
        assertThat(c.callbacks().timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.keysRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheirKey() {
        assertThatThrownBy(() -> load("CALLGUARD_CTI_KEYS_REFRESH_INTERVAL", "0s")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cti.keys.refreshInterval: must be at least 1s and at most 1h, got 0s");
        assertThatThrownBy(() -> load("CALLGUARD_CTI_KEYS_REFRESH_INTERVAL", "2h")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cti.keys.refreshInterval");
        assertThatThrownBy(() -> load("CALLGUARD_CTI_CALLBACKS_TIMEOUT", "10ms")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("cti.callbacks.timeout: must be at least 100ms");
        assertThatThrownBy(() -> load("CALLGUARD_CTI_CALLBACKS_ALLOW_PRIVATE_ADDRESSES", "yes"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cti.callbacks.allowPrivateAddresses: must be true or false, got 'yes'");
    }
}
