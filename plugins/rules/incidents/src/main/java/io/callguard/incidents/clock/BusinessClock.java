package io.callguard.incidents.clock;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Business time as CGV 10.2 counts the GTR: "heures ouvrées, du lundi au vendredi de 9h00 à 18h00 hors jours fériés",
 * on the wall clock of Europe/Paris. Each business day contributes the part of its 09:00–18:00 window (local time, so
 * the daylight-saving changes, which happen at night, never shorten or lengthen a business day) that lies between the
 * two instants. Thread-safe.
 */
public final class BusinessClock {
    public static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    public static final LocalTime OPENS = LocalTime.of(9, 0);
    public static final LocalTime CLOSES = LocalTime.of(18, 0);

    private final FrenchHolidays holidays;

    public BusinessClock(FrenchHolidays holidays) { this.holidays = Objects.requireNonNull(holidays, "holidays"); }

    public FrenchHolidays holidays() { return holidays; }

    /** Whether {@code day} is a business day: Monday to Friday and not a public holiday. */
    public boolean isBusinessDay(LocalDate day) {
        DayOfWeek d = day.getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !holidays.isHoliday(day);
    }

    /**
     * The exact business time between {@code from} and {@code to}.
     *
     * @throws IllegalArgumentException {@code to} is before {@code from}
     */
    public Duration between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
        LocalDate first = from.atZone(ZONE).toLocalDate();
        LocalDate last = to.atZone(ZONE).toLocalDate();
        Duration total = Duration.ZERO;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (!isBusinessDay(day)) continue;
            Instant opens = day.atTime(OPENS).atZone(ZONE).toInstant();
            Instant closes = day.atTime(CLOSES).atZone(ZONE).toInstant();
            Instant start = from.isAfter(opens) ? from : opens;
            Instant end = to.isBefore(closes) ? to : closes;
            if (end.isAfter(start)) total = total.plus(Duration.between(start, end));
        }
        return total;
    }

    /**
     * The business time between the two instants in whole minutes, a started minute counting as one (so that
     * "more than 240 minutes" here is exactly "more than 4 hours" of {@link #between}).
     */
    public long minutesBetween(Instant from, Instant to) {
        Duration d = between(from, to);
        long minutes = d.toMinutes();
        return d.equals(Duration.ofMinutes(minutes)) ? minutes : minutes + 1;
    }
}
