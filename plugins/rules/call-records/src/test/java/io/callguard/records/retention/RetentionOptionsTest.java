package io.callguard.records.retention;

import io.callguard.core.config.ConfigValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionOptionsTest {
    private static ConfigValues with(String key, String value) {
        return ConfigValues.defaults(RetentionOptions.OPTIONS).set(key, value, "file");
    }

    @Test
    void theDefaultsAreTheContractsSixMonthsPurgedDailyInParis() {
        ConfigValues v = ConfigValues.defaults(RetentionOptions.OPTIONS);
        RetentionOptions o = RetentionOptions.from(v);
        assertThat(v.problems()).isEmpty();
        assertThat(o).isEqualTo(new RetentionOptions(Period.ofMonths(6), Duration.ofDays(1), ZoneId.of("Europe/Paris")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"P6M", "P1Y", "P7M", "P6M15D", "P2Y"})
    void aRetentionOfSixMonthsOrMoreIsTaken(String text) {
        ConfigValues v = with(RetentionOptions.RETENTION, text);
        assertThat(RetentionOptions.from(v).retention()).isEqualTo(Period.parse(text));
        assertThat(v.problems()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"P5M", "P5M30D", "P180D", "P26W", "P-6M", "P1Y-7M"})
    void aRetentionShorterThanTheContractsIsRefusedNamingTheKeyAndTheRule(String text) {
        ConfigValues v = with(RetentionOptions.RETENTION, text);
        RetentionOptions.from(v);
        assertThat(v.problems()).singleElement().asString()
                .contains("records.retention").contains("at least P6M").contains("CGV 9.2").contains(text);
    }

    @Test
    void aRetentionThatIsNoPeriodIsRefused() {
        ConfigValues v = with(RetentionOptions.RETENTION, "6 months");
        RetentionOptions.from(v);
        assertThat(v.problems()).singleElement().asString().contains("records.retention").contains("'6 months'");
    }

    @Test
    void anUnknownTimeZoneIsRefused() {
        ConfigValues v = with(RetentionOptions.INVOICE_ZONE, "Europe/Mulhouse");
        RetentionOptions.from(v);
        assertThat(v.problems()).singleElement().asString().contains("records.invoiceTimeZone").contains("Europe/Mulhouse");
    }
}
