package io.callguard.http;

import io.callguard.core.config.ConfigValues;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two HTTP listeners' keys: the admin one requires its token, the CTI one has none; bodies bounded apart. */
class ListenerOptionsTest {
    private static final String TOKEN = "0123456789abcdef";

    @Test
    void declaredDefaultsOfBothListeners() {
        ConfigValues admin = ConfigValues.defaults(ListenerOptions.ADMIN_OPTIONS).set("admin.token", TOKEN, "file");
        assertThat(ListenerOptions.from(admin, ListenerOptions.ADMIN))
                .isEqualTo(new ListenerOptions("127.0.0.1", 8080, TOKEN, 65536, Duration.ofSeconds(30), 1000, 100));
        assertThat(admin.problems()).isEmpty();

        ConfigValues cti = ConfigValues.defaults(ListenerOptions.CTI_OPTIONS);
        assertThat(ListenerOptions.from(cti, ListenerOptions.CTI))
                .isEqualTo(new ListenerOptions("127.0.0.1", 8081, "", 16384, Duration.ofSeconds(30), 10000, 1000));
        assertThat(cti.problems()).isEmpty();
    }

    @Test
    void theAdminTokenIsRequiredLongAndNeverPrinted() {
        ConfigValues missing = ConfigValues.defaults(ListenerOptions.ADMIN_OPTIONS);
        ListenerOptions.from(missing, ListenerOptions.ADMIN);
        assertThat(missing.problems()).containsExactly("admin.token: required (set CALLGUARD_ADMIN_TOKEN); at least 16 characters");

        ConfigValues shortOne = ConfigValues.defaults(ListenerOptions.ADMIN_OPTIONS).set("admin.token", "short-tok", "file");
        ListenerOptions o = ListenerOptions.from(shortOne, ListenerOptions.ADMIN);
        assertThat(shortOne.problems()).containsExactly("admin.token: must be at least 16 characters, got 9");
        assertThat(o.toString()).doesNotContain("short-tok").contains("token=***");
    }

    @Test
    void theCtiBodyLimitIsTighterThanTheAdminOne() {
        ConfigValues cti = ConfigValues.defaults(ListenerOptions.CTI_OPTIONS).set("cti.maxBodyBytes", "2097152", "file");
        ListenerOptions.from(cti, ListenerOptions.CTI);
        assertThat(cti.problems()).containsExactly("cti.maxBodyBytes: must be 1024..1048576, got 2097152");

        ConfigValues admin = ConfigValues.defaults(ListenerOptions.ADMIN_OPTIONS).set("admin.token", TOKEN, "file")
                .set("admin.maxBodyBytes", "2097152", "file");
        assertThat(ListenerOptions.from(admin, ListenerOptions.ADMIN).maxBodyBytes()).isEqualTo(2097152);
        assertThat(admin.problems()).isEmpty();
    }

    @Test
    void anUnknownListenerIsAProgrammingError() {
        assertThatThrownBy(() -> ListenerOptions.from(ConfigValues.defaults(ListenerOptions.ADMIN_OPTIONS), "sip"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
