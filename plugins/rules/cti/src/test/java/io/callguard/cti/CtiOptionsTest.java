package io.callguard.cti;

import io.callguard.core.state.SlidingWindow;
import io.callguard.core.config.ConfigValues;
import io.callguard.core.module.RuleModules;
import io.callguard.cti.sms.SmsSettings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CtiOptionsTest {
    @Test
    void declaredDefaultsAreTheR8Limits() {
        ConfigValues view = ConfigValues.defaults(CtiOptions.OPTIONS);
        SmsSettings settings = CtiOptions.sms(view);
        assertThat(view.problems()).isEmpty();
        SmsSettings r8 = SmsSettings.defaults();
        assertThat(settings.maxSegments()).isEqualTo(r8.maxSegments());
        assertThat(settings.emergencyNumbers()).isEqualTo(r8.emergencyNumbers());
        assertThat(settings.idempotencyPeriod()).isEqualTo(r8.idempotencyPeriod());
        assertThat(settings.windows()).extracting(SlidingWindow::limit, SlidingWindow::period)
                .containsExactlyElementsOf(r8.windows().stream()
                        .map(w -> org.assertj.core.groups.Tuple.tuple(w.limit(), w.period())).toList());
    }

    @Test
    void problemsNameTheirKey() {
        ConfigValues view = ConfigValues.defaults(CtiOptions.OPTIONS)
                .set(CtiOptions.PER_MINUTE, "0", "CALLGUARD_CTI_SMS_PER_MINUTE")
                .set(CtiOptions.EMERGENCY_NUMBERS, List.of("114", "+33"), "file");
        CtiOptions.sms(view);
        assertThat(view.problems()).containsExactly(
                "cti.sms.perMinute: must be 1..60000, got 0 (from CALLGUARD_CTI_SMS_PER_MINUTE)",
                "cti.sms.emergencyNumbers: '+33' is not a short number (digits only)");
    }

    @Test
    void theCtiModuleDeclaresThem() {
        assertThat(RuleModules.discover().enabled(List.of(CtiModule.NAME)).options()).isEqualTo(CtiOptions.OPTIONS);
    }

    @Test
    void everyDefaultIsTheDomainDefault() {
        ConfigValues view = ConfigValues.defaults(CtiOptions.OPTIONS);
        CtiSettings settings = CtiOptions.from(view);
        assertThat(view.problems()).isEmpty();
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.sms()).isEqualTo(SmsSettings.defaults());
        assertThat(settings.sip()).isEqualTo(io.callguard.cti.sip.SipSenderOptions.defaults("sip:sms@127.0.0.1:5090"));
        assertThat(settings.dispatch()).isEqualTo(io.callguard.cti.sms.DispatchSettings.defaults());
        assertThat(settings.callbacks()).isEqualTo(io.callguard.cti.callback.CallbackSettings.defaults());
        assertThat(settings.calls().withEmergencyNumbers(java.util.Set.of("112")))
                .isEqualTo(io.callguard.cti.calls.ClickToCallSettings.defaults(java.util.Set.of("112")));
        assertThat(settings.requests()).isEqualTo(io.callguard.cti.ratelimit.RequestLimitSettings.defaults());
        assertThat(settings.keysRefreshInterval()).isEqualTo(java.time.Duration.ofSeconds(60));
    }

    @Test
    void bothBackoffsRefuseAMaximumBelowTheFirstDelay() {
        ConfigValues view = ConfigValues.defaults(CtiOptions.OPTIONS)
                .set("cti.sms.maxRetryDelay", "1s", "file")
                .set("cti.callbacks.firstDelay", "5s", "file").set("cti.callbacks.maxDelay", "1s", "file");
        CtiSettings settings = CtiOptions.from(view);
        assertThat(view.problems()).containsExactly(
                "cti.sms.maxRetryDelay: must be at least cti.sms.firstRetryDelay (2s), got 1s",
                "cti.callbacks.maxDelay: must be at least cti.callbacks.firstDelay (5s), got 1s");
        assertThat(settings.dispatch().retry().maxDelay()).isEqualTo(java.time.Duration.ofSeconds(2));
    }
}
