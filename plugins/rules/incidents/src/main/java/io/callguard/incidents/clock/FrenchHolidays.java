package io.callguard.incidents.clock;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The French public holidays ("jours fériés", Code du travail L3133-1) of a year: the eight fixed ones (1 January,
 * 1 May, 8 May, 14 July, 15 August, 1 November, 11 November, 25 December) and the three that follow Easter (Easter
 * Monday, Ascension Thursday 39 days after Easter Sunday, Whit Monday 50 days after). In Alsace-Moselle (Bas-Rhin,
 * Haut-Rhin, Moselle; Code du travail L3134-13) Good Friday and 26 December are holidays too. Thread-safe.
 */
public final class FrenchHolidays {
    private final boolean alsaceMoselle;
    private final Map<Integer, Set<LocalDate>> byYear = new ConcurrentHashMap<>();

    /** @param alsaceMoselle whether Good Friday and 26 December are holidays as well */
    public FrenchHolidays(boolean alsaceMoselle) { this.alsaceMoselle = alsaceMoselle; }

    public boolean alsaceMoselle() { return alsaceMoselle; }

    /** Whether {@code day} is a public holiday (whatever its day of the week). */
    public boolean isHoliday(LocalDate day) { return of(day.getYear()).contains(day); }

    /** The year's holidays, in date order. */
    public Set<LocalDate> of(int year) { return byYear.computeIfAbsent(year, this::compute); }

    private Set<LocalDate> compute(int year) {
        Set<LocalDate> out = new TreeSet<>();
        out.add(LocalDate.of(year, Month.JANUARY, 1));
        out.add(LocalDate.of(year, Month.MAY, 1));
        out.add(LocalDate.of(year, Month.MAY, 8));
        out.add(LocalDate.of(year, Month.JULY, 14));
        out.add(LocalDate.of(year, Month.AUGUST, 15));
        out.add(LocalDate.of(year, Month.NOVEMBER, 1));
        out.add(LocalDate.of(year, Month.NOVEMBER, 11));
        out.add(LocalDate.of(year, Month.DECEMBER, 25));
        LocalDate easter = easterSunday(year);
        out.add(easter.plusDays(1));   // lundi de Pâques
        out.add(easter.plusDays(39));  // Ascension
        out.add(easter.plusDays(50));  // lundi de Pentecôte
        if (alsaceMoselle) {
            out.add(easter.minusDays(2)); // Vendredi saint
            out.add(LocalDate.of(year, Month.DECEMBER, 26)); // Saint-Étienne
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    /**
     * Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher, "Astronomical
     * Algorithms", ch. 8): valid for every year from 1583.
     */
    public static LocalDate easterSunday(int year) {
        if (year < 1583) throw new IllegalArgumentException("year must be Gregorian (1583 or later), got " + year);
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        LocalDate easter = LocalDate.of(year, month, day);
        assert easter.getDayOfWeek() == DayOfWeek.SUNDAY : easter;
        return easter;
    }
}
