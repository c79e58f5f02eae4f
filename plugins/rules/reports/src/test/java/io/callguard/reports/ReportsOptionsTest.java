package io.callguard.reports;

import io.callguard.core.config.ConfigValues;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** The module's keys: the contract's defaults, and every wrong value reported naming its key. */
class ReportsOptionsTest {
    @Test
    void theDefaultsAreTheContractsFigures() {
        ConfigValues config = ConfigValues.defaults(ReportsOptions.OPTIONS);
        ReportsOptions o = ReportsOptions.from(config);
        assertThat(config.problems()).isEmpty();
        assertThat(o.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(o.thresholdCents()).isEqualTo(3000);
        assertThat(o.closeAfter()).isEqualTo(Duration.ofDays(5));
        assertThat(o.rangeUsePeriod()).isEqualTo(Duration.ofDays(90));
        assertThat(o.rangeUseThreshold()).isEqualByComparingTo(new BigDecimal("0.8"));
    }

    @Test
    void everyWrongValueIsReportedNamingItsKey() {
        ConfigValues config = ConfigValues.defaults(ReportsOptions.OPTIONS)
                .set(ReportsOptions.TIME_ZONE, "Mars/Olympus", "test")
                .set(ReportsOptions.THRESHOLD, "-1", "test")
                .set(ReportsOptions.CLOSE_AFTER, "61d", "test")
                .set(ReportsOptions.RANGE_USE_PERIOD, "0s", "test")
                .set(ReportsOptions.RANGE_USE_THRESHOLD, "80", "test");
        ReportsOptions.from(config);
        assertThat(config.problems()).hasSize(5);
        assertThat(String.join("\n", config.problems())).contains("reports.timeZone").contains("reports.revenueShare.thresholdCents")
                .contains("reports.revenueShare.closeAfter").contains("reports.rangeUsePeriod")
                .contains("reports.rangeUseThreshold: must be a decimal in ]0, 1], got '80'");
    }
}
