package io.callguard.incidents;

import io.callguard.incidents.clock.BusinessClock;
import io.callguard.incidents.clock.FrenchHolidays;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GtrReportTest {
    private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00Z");
    private final GtrReport report = new GtrReport(new BusinessClock(new FrenchHolidays(false)));
    private int sequence;

    private static Instant paris(String t) { return LocalDateTime.parse(t).atZone(BusinessClock.ZONE).toInstant(); }

    private Incident ticket(String opened, String restored) {
        return new Incident("T" + (++sequence), "acme", "trunk-a", paris(opened), restored == null ? null : paris(restored),
                "", CREATED, "alice");
    }

    @Test
    void theIssuesTwoTickets() {
        GtrReport.AccountYear y = report.account("acme", 50_000L, List.of(
                ticket("2026-03-06T17:00", "2026-03-09T11:00"), ticket("2026-05-14T10:00", "2026-05-15T16:00")), CREATED);
        assertThat(y.lines()).extracting(GtrReport.Line::businessMinutes).containsExactly(180L, 420L);
        assertThat(y.lines()).extracting(GtrReport.Line::penaltyPercent).containsExactly(0, 20);
        assertThat(y.lines()).extracting(GtrReport.Line::penaltyCents).containsExactly(0L, 10_000L);
        assertThat(y.penaltyCents()).isEqualTo(10_000L);
        assertThat(y.totalPenaltyCents()).isEqualTo(10_000L);
        assertThat(y.capped()).isFalse();
    }

    @Test
    void aYearOfTicketsIsCappedAtOneMonthlySubscriptionInRestorationOrder() {
        // listed out of order: the cap follows the restorations
        List<Incident> tickets = List.of(
                ticket("2026-09-07T09:00", "2026-09-08T12:00"), // 9 h + 3 h = 720 min: 100 %
                ticket("2026-02-02T09:00", "2026-02-02T13:30"), // 270 min: 10 %
                ticket("2026-06-01T09:00", "2026-06-01T17:00"), // 480 min: 20 %
                ticket("2026-11-02T09:00", "2026-11-02T18:00"), // 540 min: 30 %
                ticket("2026-12-01T09:00", null));              // open
        GtrReport.AccountYear y = report.account("acme", 50_000L, tickets, paris("2026-12-01T11:15"));
        assertThat(y.lines()).extracting(l -> l.incident().id()).containsExactly("T2", "T3", "T1", "T4", "T5");
        assertThat(y.lines()).extracting(GtrReport.Line::penaltyPercent).containsExactly(10, 20, 100, 30, null);
        assertThat(y.lines()).extracting(GtrReport.Line::penaltyCents).containsExactly(5_000L, 10_000L, 50_000L, 15_000L, null);
        assertThat(y.lines()).extracting(GtrReport.Line::dueCents).containsExactly(5_000L, 10_000L, 35_000L, 0L, null);
        assertThat(y.lines().get(4).businessMinutes()).as("open: so far").isEqualTo(135);
        assertThat(y.penaltyCents()).isEqualTo(80_000L);
        assertThat(y.totalPenaltyCents()).isEqualTo(50_000L);
        assertThat(y.capped()).isTrue();
    }

    @Test
    void withoutAMonthlySubscriptionOnlyThePercents() {
        GtrReport.AccountYear y = report.account("acme", null, List.of(ticket("2026-06-01T09:00", "2026-06-01T17:00")),
                CREATED);
        assertThat(y.lines().get(0).penaltyPercent()).isEqualTo(20);
        assertThat(y.lines().get(0).penaltyCents()).isNull();
        assertThat(y.totalPenaltyCents()).isNull();
        assertThat(y.capped()).isFalse();
    }

    @Test
    void anOpenTicketOpenedAfterNowHasNoTimeYet() {
        Incident later = ticket("2026-12-01T15:00", null);
        assertThat(report.businessMinutes(later, paris("2026-12-01T14:00"))).isZero();
        assertThat(report.penaltyPercent(later)).isNull();
    }

    @Test
    void yearsStartAtParisMidnight() {
        assertThat(GtrReport.yearStart(2026)).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
    }
}
