package io.callguard.records.retention;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class InvoiceCalendarTest {
    private final InvoiceCalendar paris = new InvoiceCalendar(Period.ofMonths(6), ZoneId.of("Europe/Paris"));

    @Test
    void aCallIsInvoicedOnTheFirstInvoiceDateAfterItsStart() {
        assertThat(paris.invoiceDate(Instant.parse("2026-01-14T12:00:00Z"), 15)).isEqualTo(LocalDate.parse("2026-01-15"));
        assertThat(paris.invoiceDate(Instant.parse("2026-01-20T12:00:00Z"), 15)).isEqualTo(LocalDate.parse("2026-02-15"));
    }

    @Test
    void aCallOnTheInvoiceDayItselfOpensTheNextPeriod() {
        assertThat(paris.invoiceDate(Instant.parse("2026-01-14T23:00:00Z"), 15)) // 00:00 on the 15th in Paris
                .isEqualTo(LocalDate.parse("2026-02-15"));
        assertThat(paris.invoiceDate(Instant.parse("2026-01-14T22:59:59Z"), 15)) // 23:59:59 on the 14th in Paris
                .isEqualTo(LocalDate.parse("2026-01-15"));
    }

    @Test
    void anInvoiceDayPastTheMonthsEndFallsOnItsLastDay() {
        assertThat(paris.invoiceDate(Instant.parse("2026-02-10T12:00:00Z"), 31)).isEqualTo(LocalDate.parse("2026-02-28"));
        assertThat(paris.invoiceDate(Instant.parse("2026-02-28T12:00:00Z"), 31)).isEqualTo(LocalDate.parse("2026-03-31"));
        assertThat(paris.invoiceDate(Instant.parse("2028-02-10T12:00:00Z"), 30)).isEqualTo(LocalDate.parse("2028-02-29"));
    }

    @Test
    void aRecordIsKeptUntilMidnightSixMonthsAfterItsInvoiceDate() {
        Instant start = Instant.parse("2026-01-20T12:00:00Z"); // invoiced 2026-02-15
        assertThat(paris.keepUntil(start, 15)).isEqualTo(Instant.parse("2026-08-14T22:00:00Z")); // 2026-08-15 00:00 CEST
        assertThat(paris.expired(start, 15, Instant.parse("2026-08-14T21:59:59Z"))).isFalse();
        assertThat(paris.expired(start, 15, Instant.parse("2026-08-14T22:00:00Z"))).isTrue();
        // six months from an invoice of 31 August end on 28 February
        assertThat(paris.keepUntil(Instant.parse("2026-08-20T12:00:00Z"), 31)).isEqualTo(Instant.parse("2027-02-27T23:00:00Z"));
    }

    @Test
    void anUnknownInvoiceDayKeepsTheRecordLongerThanAnyInvoiceDayWould() {
        Instant start = Instant.parse("2026-02-28T12:00:00Z");
        assertThat(paris.invoiceDate(start, null)).isEqualTo(LocalDate.parse("2026-04-01"));
        for (int day = 1; day <= 31; day++) {
            assertThat(paris.keepUntil(start, null)).isAfterOrEqualTo(paris.keepUntil(start, day));
        }
    }

    @Test
    void aLongerRetentionKeepsLonger() {
        InvoiceCalendar year = new InvoiceCalendar(Period.ofYears(1), ZoneId.of("UTC"));
        assertThat(year.keepUntil(Instant.parse("2026-01-20T12:00:00Z"), 15)).isEqualTo(Instant.parse("2027-02-15T00:00:00Z"));
    }
}
