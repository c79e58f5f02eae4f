package io.callguard.cti.sms;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.module.RuleModules;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmsOptionsTest {
    @Test
    void declaredDefaultsAreTheR8Limits() {
        ConfigValues view = ConfigValues.defaults(SmsOptions.OPTIONS);
        SmsSettings settings = SmsOptions.from(view);
        assertThat(view.problems()).isEmpty();
        SmsSettings r8 = SmsSettings.defaults();
        assertThat(settings.maxSegments()).isEqualTo(r8.maxSegments());
        assertThat(settings.emergencyNumbers()).isEqualTo(r8.emergencyNumbers());
        assertThat(settings.idempotencyPeriod()).isEqualTo(r8.idempotencyPeriod());
        assertThat(settings.windows()).extracting(RateWindow::limit, RateWindow::period)
                .containsExactlyElementsOf(r8.windows().stream()
                        .map(w -> org.assertj.core.groups.Tuple.tuple(w.limit(), w.period())).toList());
    }

    @Test
    void problemsNameTheirKey() {
        ConfigValues view = ConfigValues.defaults(SmsOptions.OPTIONS)
                .set(SmsOptions.PER_MINUTE, "0", "CALLGUARD_CTI_SMS_PER_MINUTE")
                .set(SmsOptions.EMERGENCY_NUMBERS, List.of("114", "+33"), "file");
        SmsOptions.from(view);
        assertThat(view.problems()).containsExactly(
                "cti.sms.perMinute: must be 1..60000, got 0 (from CALLGUARD_CTI_SMS_PER_MINUTE)",
                "cti.sms.emergencyNumbers: '+33' is not a short number (digits only)");
    }

    @Test
    void theSmsModuleDeclaresThem() {
        assertThat(RuleModules.discover().enabled(List.of(SmsModule.NAME)).options()).isEqualTo(SmsOptions.OPTIONS);
    }
}
