package io.callguard.incidents.clock;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusinessClockTest {
    private final BusinessClock clock = new BusinessClock(new FrenchHolidays(false));

    /** A wall-clock time in Paris. */
    private static Instant paris(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BusinessClock.ZONE).toInstant();
    }

    private long minutes(String from, String to) { return clock.minutesBetween(paris(from), paris(to)); }

    @Test
    void fridayFivePmToMondayElevenAmIsThreeBusinessHours() {
        // 2026-03-06 is a Friday, no holiday on the weekend
        assertThat(minutes("2026-03-06T17:00", "2026-03-09T11:00")).isEqualTo(180);
    }

    @Test
    void ascensionThursdayTenAmToFridayFourPmIsSevenBusinessHours() {
        assertThat(LocalDate.parse("2026-05-14").getDayOfWeek()).isEqualTo(java.time.DayOfWeek.THURSDAY);
        assertThat(clock.isBusinessDay(LocalDate.parse("2026-05-14"))).as("Ascension 2026").isFalse();
        assertThat(minutes("2026-05-14T10:00", "2026-05-15T16:00")).isEqualTo(420);
    }

    @Test
    void aTicketOpenedOnFridayEveningAndRestoredOnTuesday() {
        // opened after closing time, the weekend does not count, Monday whole (9 h), Tuesday 09:00-10:30
        assertThat(minutes("2026-03-06T19:30", "2026-03-10T10:30")).isEqualTo(9 * 60 + 90);
        // the same over Easter: Monday 6 April 2026 is a holiday, only Tuesday counts
        assertThat(minutes("2026-04-03T19:30", "2026-04-07T10:30")).isEqualTo(90);
        // and over Whit Monday (25 May 2026)
        assertThat(minutes("2026-05-22T19:30", "2026-05-26T10:30")).isEqualTo(90);
    }

    @Test
    void daylightSavingChangesDoNotChangeABusinessDay() {
        // spring forward on Sunday 29 March 2026 (02:00 → 03:00): Friday 17:00 (UTC+1) to Monday 10:00 (UTC+2)
        Instant friday = Instant.parse("2026-03-27T16:00:00Z");
        Instant monday = Instant.parse("2026-03-30T08:00:00Z");
        assertThat(clock.minutesBetween(friday, monday)).isEqualTo(120);
        // fall back on Sunday 25 October 2026 (03:00 → 02:00): Friday 17:00 (UTC+2) to Monday 10:00 (UTC+1)
        assertThat(clock.minutesBetween(Instant.parse("2026-10-23T15:00:00Z"), Instant.parse("2026-10-26T09:00:00Z")))
                .isEqualTo(120);
        // a whole business day either side of a change is 9 hours, not 8 or 10, in UTC terms
        assertThat(clock.between(Instant.parse("2026-03-27T08:00:00Z"), Instant.parse("2026-03-27T17:00:00Z")))
                .isEqualTo(Duration.ofHours(9));
        assertThat(clock.between(Instant.parse("2026-03-30T07:00:00Z"), Instant.parse("2026-03-30T16:00:00Z")))
                .isEqualTo(Duration.ofHours(9));
        // a UTC reading of the window (08:00-17:00Z) would be an hour off in summer
        assertThat(clock.between(Instant.parse("2026-03-30T08:00:00Z"), Instant.parse("2026-03-30T17:00:00Z")))
                .isEqualTo(Duration.ofHours(8));
    }

    @Test
    void withinOneDayOutsideHoursAndOnHolidays() {
        assertThat(minutes("2026-03-09T10:00", "2026-03-09T10:00")).isZero();
        assertThat(minutes("2026-03-09T07:00", "2026-03-09T08:59")).isZero();
        assertThat(minutes("2026-03-09T18:00", "2026-03-10T09:00")).isZero();
        assertThat(minutes("2026-03-09T08:00", "2026-03-09T20:00")).isEqualTo(540);
        assertThat(minutes("2026-03-07T09:00", "2026-03-08T18:00")).as("a weekend").isZero();
        assertThat(minutes("2026-12-25T09:00", "2026-12-25T18:00")).as("Christmas, a Friday").isZero();
        assertThat(minutes("2026-12-24T17:00", "2026-12-28T09:30")).isEqualTo(90);
        assertThat(new BusinessClock(new FrenchHolidays(true)).minutesBetween(paris("2026-12-24T17:00"),
                paris("2026-12-28T09:30"))).as("26 December is a Saturday in 2026: nothing changes").isEqualTo(90);
        assertThat(new BusinessClock(new FrenchHolidays(true)).minutesBetween(paris("2026-04-02T17:00"),
                paris("2026-04-07T09:30"))).as("Alsace-Moselle: Good Friday and Easter Monday off").isEqualTo(90);
        assertThat(minutes("2026-04-02T17:00", "2026-04-07T09:30")).isEqualTo(60 + 540 + 30);
    }

    @Test
    void aStartedMinuteCountsSoThatOverFourHoursIsExact() {
        Instant opened = paris("2026-03-09T09:00");
        assertThat(clock.minutesBetween(opened, opened.plusSeconds(4 * 3600))).isEqualTo(240);
        assertThat(clock.minutesBetween(opened, opened.plusSeconds(4 * 3600 + 1))).isEqualTo(241);
        assertThat(clock.between(opened, opened.plusMillis(4 * 3600_000L + 1))).isEqualTo(Duration.ofMillis(4 * 3600_000L + 1));
    }

    @Test
    void acrossAYearAndLongSpans() {
        // 31 Dec 2026 (Thursday) 17:00 to Monday 4 Jan 2027 10:00: 1 h + (1 Jan off) + 1 h
        assertThat(minutes("2026-12-31T17:00", "2027-01-04T10:00")).isEqualTo(120);
        // the whole of 2026: 261 weekdays minus the 9 holidays falling on a weekday (15 Aug and 1 Nov are weekend days)
        assertThat(minutes("2026-01-01T00:00", "2027-01-01T00:00")).isEqualTo((261 - 9) * 540L);
    }

    @Test
    void restorationBeforeOpeningIsRefused() {
        assertThatThrownBy(() -> clock.between(paris("2026-03-09T10:00"), paris("2026-03-09T09:00")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
