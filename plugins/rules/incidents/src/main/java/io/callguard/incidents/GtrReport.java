package io.callguard.incidents;

import io.callguard.incidents.clock.BusinessClock;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The GTR penalties of an account's year (R12, CGV 10.2). A ticket's penalty falls in the calendar year (Europe/Paris)
 * of its restoration: that is when the restoration time, and so the penalty, is known, and the contract has the
 * amount deducted from the next invoice once claimed. Each penalty is its percent ({@link GtrPenalty}) of the
 * account's {@code monthlySubscriptionCents}; the year's sum is capped at one monthly subscription ("plafonné à un
 * abonnement mensuel par an"), the tickets being counted in the order of their restoration: {@code dueCents} of a
 * ticket is what is left of its penalty under the cap. A ticket still open is listed with its business time so far
 * and no penalty yet.
 */
public final class GtrReport {
    /** Restored first, by restoration then id; the open ones after, by opening then id. */
    static final Comparator<Incident> RESTORATION_ORDER = Comparator
            .comparing((Incident i) -> i.restoredAt() == null ? Instant.MAX : i.restoredAt())
            .thenComparing(Incident::openedAt).thenComparing(Incident::id);

    /**
     * One ticket in the report.
     *
     * @param businessMinutes to its restoration, or so far when it is open (a started minute counts)
     * @param penaltyPercent  null while open
     * @param penaltyCents    its penalty before the cap; null while open or without a monthly subscription
     * @param dueCents        what of it is owed under the year's cap; null as penaltyCents
     */
    public record Line(Incident incident, long businessMinutes, Integer penaltyPercent, Long penaltyCents,
                       Long dueCents) { }

    /**
     * An account's year.
     *
     * @param penaltyCents      the sum of the tickets' penalties before the cap; null without a monthly subscription
     * @param totalPenaltyCents the year's total after the cap (what the client may claim); null as penaltyCents
     */
    public record AccountYear(String accountId, Long monthlySubscriptionCents, List<Line> lines, Long penaltyCents,
                              Long totalPenaltyCents) {
        public boolean capped() {
            return penaltyCents != null && totalPenaltyCents != null && totalPenaltyCents < penaltyCents;
        }
    }

    private final BusinessClock clock;

    public GtrReport(BusinessClock clock) { this.clock = Objects.requireNonNull(clock, "clock"); }

    public BusinessClock clock() { return clock; }

    /** The first instant of the year in Europe/Paris. */
    public static Instant yearStart(int year) { return LocalDate.of(year, 1, 1).atStartOfDay(BusinessClock.ZONE).toInstant(); }

    /** The business minutes of a ticket: to its restoration, else to {@code now} (0 when it is opened after now). */
    public long businessMinutes(Incident i, Instant now) {
        Instant end = i.restoredAt() != null ? i.restoredAt() : now;
        return end.isBefore(i.openedAt()) ? 0 : clock.minutesBetween(i.openedAt(), end);
    }

    /** The percent of a ticket's penalty; null while it is open. */
    public Integer penaltyPercent(Incident i) {
        return i.open() ? null : GtrPenalty.percent(clock.minutesBetween(i.openedAt(), i.restoredAt()));
    }

    /**
     * An account's year from its tickets restored in that year and those still open ({@link IncidentRepository#restoredWithin}).
     *
     * @param monthlySubscriptionCents the account's; null when not set (percents only, no amounts)
     */
    public AccountYear account(String accountId, Long monthlySubscriptionCents, List<Incident> incidents, Instant now) {
        List<Incident> ordered = new ArrayList<>(incidents);
        ordered.sort(RESTORATION_ORDER);
        List<Line> lines = new ArrayList<>(ordered.size());
        long sum = 0;
        long left = monthlySubscriptionCents == null ? 0 : monthlySubscriptionCents;
        for (Incident i : ordered) {
            long minutes = businessMinutes(i, now);
            if (i.open()) {
                lines.add(new Line(i, minutes, null, null, null));
                continue;
            }
            int percent = GtrPenalty.percent(minutes);
            if (monthlySubscriptionCents == null) {
                lines.add(new Line(i, minutes, percent, null, null));
                continue;
            }
            long cents = GtrPenalty.cents(percent, monthlySubscriptionCents);
            long due = Math.min(cents, left);
            left -= due;
            sum += cents;
            lines.add(new Line(i, minutes, percent, cents, due));
        }
        Long total = monthlySubscriptionCents == null ? null : Math.min(sum, monthlySubscriptionCents);
        return new AccountYear(accountId, monthlySubscriptionCents, List.copyOf(lines),
                monthlySubscriptionCents == null ? null : sum, total);
    }
}
