package io.callguard.incidents;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GtrPenaltyTest {
    /** CGV 10.2: 4h < T <= 6h30 10 %, 6h30 < T <= 8h30 20 %, 8h30 < T <= 10h 30 %, 10h < T 100 %. */
    @ParameterizedTest
    @CsvSource({"0,0", "180,0", "240,0", "241,10", "390,10", "391,20", "420,20", "510,20", "511,30", "600,30",
            "601,100", "5000,100"})
    void thresholdsAreStrictlyOver(long minutes, int percent) {
        assertThat(GtrPenalty.percent(minutes)).isEqualTo(percent);
    }

    @ParameterizedTest
    @CsvSource({"10,50000,5000", "20,50000,10000", "100,50000,50000", "10,12345,1235", "10,12344,1234", "0,50000,0"})
    void centsOfTheMonthlySubscriptionHalfACentUp(int percent, long monthly, long cents) {
        assertThat(GtrPenalty.cents(percent, monthly)).isEqualTo(cents);
    }
}
