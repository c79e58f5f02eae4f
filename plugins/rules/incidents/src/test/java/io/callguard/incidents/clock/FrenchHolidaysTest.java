package io.callguard.incidents.clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrenchHolidaysTest {
    /** Easter Sundays from the published tables, including the algorithm's edge years (earliest and latest dates). */
    @ParameterizedTest
    @CsvSource({"2024,2024-03-31", "2025,2025-04-20", "2026,2026-04-05", "2027,2027-03-28", "2028,2028-04-16",
            "2029,2029-04-01", "2030,2030-04-21", "2000,2000-04-23", "2019,2019-04-21", "1961,1961-04-02",
            "2038,2038-04-25", "2285,2285-03-22", "1818,1818-03-22", "1943,1943-04-25"})
    void easterSundayByTheAnonymousGregorianAlgorithm(int year, String date) {
        assertThat(FrenchHolidays.easterSunday(year)).isEqualTo(LocalDate.parse(date));
        assertThat(FrenchHolidays.easterSunday(year).getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
    }

    @Test
    void everyEasterFromTheAlgorithmIsASundayBetween22MarchAnd25April() {
        for (int year = 1583; year <= 4099; year++) {
            LocalDate e = FrenchHolidays.easterSunday(year);
            assertThat(e.getDayOfWeek()).as("%s", year).isEqualTo(DayOfWeek.SUNDAY);
            assertThat(e).isBetween(LocalDate.of(year, 3, 22), LocalDate.of(year, 4, 25));
        }
        assertThatThrownBy(() -> FrenchHolidays.easterSunday(1582)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theElevenHolidaysOf2026() {
        assertThat(new FrenchHolidays(false).of(2026)).containsExactly(
                LocalDate.parse("2026-01-01"), LocalDate.parse("2026-04-06"), // lundi de Pâques
                LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-08"),
                LocalDate.parse("2026-05-14"), // Ascension
                LocalDate.parse("2026-05-25"), // lundi de Pentecôte
                LocalDate.parse("2026-07-14"), LocalDate.parse("2026-08-15"), LocalDate.parse("2026-11-01"),
                LocalDate.parse("2026-11-11"), LocalDate.parse("2026-12-25"));
    }

    /** Easter Monday, Ascension and Whit Monday of each year 2024–2030 (service-public.fr's calendars). */
    @ParameterizedTest
    @CsvSource({"2024,2024-04-01,2024-05-09,2024-05-20", "2025,2025-04-21,2025-05-29,2025-06-09",
            "2026,2026-04-06,2026-05-14,2026-05-25", "2027,2027-03-29,2027-05-06,2027-05-17",
            "2028,2028-04-17,2028-05-25,2028-06-05", "2029,2029-04-02,2029-05-10,2029-05-21",
            "2030,2030-04-22,2030-05-30,2030-06-10"})
    void theMovableHolidays(int year, String easterMonday, String ascension, String whitMonday) {
        FrenchHolidays h = new FrenchHolidays(false);
        assertThat(h.of(year)).contains(LocalDate.parse(easterMonday), LocalDate.parse(ascension), LocalDate.parse(whitMonday))
                .hasSize(11);
        assertThat(LocalDate.parse(ascension).getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
    }

    @Test
    void alsaceMoselleAddsGoodFridayAnd26December() {
        FrenchHolidays national = new FrenchHolidays(false);
        FrenchHolidays alsace = new FrenchHolidays(true);
        assertThat(national.isHoliday(LocalDate.parse("2026-04-03"))).isFalse();
        assertThat(national.isHoliday(LocalDate.parse("2026-12-26"))).isFalse();
        assertThat(alsace.isHoliday(LocalDate.parse("2026-04-03"))).as("Vendredi saint 2026").isTrue();
        assertThat(alsace.isHoliday(LocalDate.parse("2026-12-26"))).isTrue();
        assertThat(alsace.isHoliday(LocalDate.parse("2027-03-26"))).as("Vendredi saint 2027").isTrue();
        assertThat(alsace.of(2026)).hasSize(13).containsAll(national.of(2026));
    }
}
