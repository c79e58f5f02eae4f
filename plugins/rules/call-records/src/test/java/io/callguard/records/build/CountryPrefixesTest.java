package io.callguard.records.build;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CountryPrefixesTest {
    @ParameterizedTest
    @CsvSource({"+14155550100,+1", "+74951234567,+7", "+442071234567,+44", "+4930123456,+49",
            "+35312345678,+353", "+212522123456,+212", "+8613812345678,+86", "0612345678,''", "+,''", "+44a,''"})
    void theCountryCodeIsTheE164PrefixOfOneTwoOrThreeDigits(String number, String prefix) {
        assertThat(CountryPrefixes.of(number)).isEqualTo(prefix);
    }
}
