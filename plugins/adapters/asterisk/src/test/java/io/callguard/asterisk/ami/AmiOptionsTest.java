package io.callguard.asterisk.ami;

import io.callguard.core.config.ConfigValues;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The declared {@code ami} keys and their reader: the secret is required only when AMI is enabled, never printed. */
class AmiOptionsTest {
    @Test
    void declaredDefaultsReadAsTheDefaults() {
        ConfigValues view = ConfigValues.defaults(AmiOptions.OPTIONS).set("ami.secret", "s3cret", "file");
        AmiSettings settings = AmiOptions.from(view);
        assertThat(view.problems()).isEmpty();
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.options()).isEqualTo(AmiOptions.defaults("s3cret"));
    }

    @Test
    void theSecretIsRequiredOnlyWhenEnabledAndNeverInAMessage() {
        ConfigValues enabled = ConfigValues.defaults(AmiOptions.OPTIONS);
        AmiOptions.from(enabled);
        assertThat(enabled.problems()).containsExactly("ami.secret: required when ami.enabled is true (set CALLGUARD_AMI_SECRET)");

        ConfigValues disabled = ConfigValues.defaults(AmiOptions.OPTIONS).set("ami.enabled", "false", "file");
        assertThat(AmiOptions.from(disabled).enabled()).isFalse();
        assertThat(disabled.problems()).isEmpty();

        ConfigValues set = ConfigValues.defaults(AmiOptions.OPTIONS).set("ami.secret", "hidden-value", "file");
        assertThat(AmiOptions.from(set).toString()).doesNotContain("hidden-value");
    }

    @Test
    void reconnectMaxMayNotBeShorterThanReconnectMin() {
        ConfigValues view = ConfigValues.defaults(AmiOptions.OPTIONS).set("ami.secret", "s", "file")
                .set("ami.reconnectMax", "100ms", "CALLGUARD_AMI_RECONNECT_MAX");
        AmiOptions.from(view);
        assertThat(view.problems()).containsExactly(
                "ami.reconnectMax: must be at least ami.reconnectMin (500ms), got 100ms (from CALLGUARD_AMI_RECONNECT_MAX)");
    }

    @Test
    void readCoalesceIsZeroToAHundredMillisecondsAndZeroReadsAsBytesArrive() {
        ConfigValues off = ConfigValues.defaults(AmiOptions.OPTIONS).set("ami.secret", "s", "file")
                .set("ami.readCoalesce", "0ms", "CALLGUARD_AMI_READ_COALESCE");
        assertThat(AmiOptions.from(off).options().readCoalesce()).isZero();
        assertThat(off.problems()).isEmpty();

        ConfigValues tooLong = ConfigValues.defaults(AmiOptions.OPTIONS).set("ami.secret", "s", "file")
                .set("ami.readCoalesce", "2s", "CALLGUARD_AMI_READ_COALESCE");
        AmiOptions.from(tooLong);
        assertThat(tooLong.problems()).singleElement().asString().startsWith("ami.readCoalesce: ").contains("2s");
    }
}
