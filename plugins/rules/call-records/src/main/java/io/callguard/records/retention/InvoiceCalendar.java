package io.callguard.records.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a call record may go (CGV 9.2: kept 6 months "from the invoice date"). An account is invoiced monthly on its
 * invoice day (CGV art. 2: the anniversary date is the base of the monthly invoice date; the back office may set
 * another day), its calls at the end of the period (CP Téléphonie §4). In a month shorter than the day, the invoice
 * falls on the month's last day. So:
 * <ul>
 *   <li>a call started on local date {@code t} belongs to the period [{@code D_k}, {@code D_k+1}) of consecutive
 *       invoice dates holding {@code t}, and is invoiced on {@code D_k+1}: the first invoice date strictly after
 *       {@code t} (a call on the invoice day itself opens the next period);</li>
 *   <li>it is kept until {@code D_k+1 + retention}, at midnight in the invoice time zone; from that instant on it may
 *       go;</li>
 *   <li>when the account's invoice day is unknown (no anniversary, no day set, no account, an account deleted), the
 *       invoice date taken is the first day of the month after next: later than any invoice day's, so nothing goes
 *       before the contract allows whatever the day turns out to be.</li>
 * </ul>
 */
public final class InvoiceCalendar {
    private final Period retention;
    private final ZoneId zone;

    public InvoiceCalendar(Period retention, ZoneId zone) {
        this.retention = Objects.requireNonNull(retention, "retention");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** The invoice date of the call started at {@code start} for invoice day {@code day} (null: unknown). */
    public LocalDate invoiceDate(Instant start, Integer day) {
        LocalDate date = start.atZone(zone).toLocalDate();
        YearMonth month = YearMonth.from(date);
        if (day == null) return month.plusMonths(2).atDay(1);
        LocalDate thisMonth = on(month, day);
        return date.isBefore(thisMonth) ? thisMonth : on(month.plusMonths(1), day);
    }

    /** The first instant the record of the call started at {@code start} may go. */
    public Instant keepUntil(Instant start, Integer day) {
        return invoiceDate(start, day).plus(retention).atStartOfDay(zone).toInstant();
    }

    /** Whether that instant has come at {@code now}. */
    public boolean expired(Instant start, Integer day, Instant now) { return !now.isBefore(keepUntil(start, day)); }

    /** Day {@code day} of {@code month}, or its last day when the month is shorter. */
    static LocalDate on(YearMonth month, int day) { return month.atDay(Math.min(day, month.lengthOfMonth())); }
}
