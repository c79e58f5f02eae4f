package io.callguard.reports;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.STRING;

/**
 * The reports module's keys, declared here once.
 *
 * @param zone             the months' time zone (a call is in the month of its start there)
 * @param thresholdCents   R10: the revenue share is payable from this many euro cents HT (30 € in the contract)
 * @param closeAfter       a month is closed this long after its end (the records of its last calls have arrived)
 * @param rangeUsePeriod   R13: a number counts as used when it received or placed a call within this period
 * @param rangeUseThreshold R13: a range used at less than this share is flagged (0.8 in the contract)
 */
public record ReportsOptions(ZoneId zone, int thresholdCents, Duration closeAfter, Duration rangeUsePeriod,
                             BigDecimal rangeUseThreshold) {
    public static final String TIME_ZONE = "reports.timeZone";
    public static final String THRESHOLD = "reports.revenueShare.thresholdCents";
    public static final String CLOSE_AFTER = "reports.revenueShare.closeAfter";
    public static final String RANGE_USE_PERIOD = "reports.rangeUsePeriod";
    public static final String RANGE_USE_THRESHOLD = "reports.rangeUseThreshold";

    public static final List<Option> OPTIONS = List.of(
            Option.of(TIME_ZONE, STRING, "Europe/Paris", "time zone of the reports' months: a call is in the month of its start there"),
            Option.of(THRESHOLD, INT, "3000",
                    "R10 (Numéros spéciaux §3): a client's revenue share is payable once the month's share plus what was carried over reaches this many euro cents HT (30 €)"),
            Option.of(CLOSE_AFTER, DURATION, "P5D",
                    "a month of revenue share is closed (its figures frozen, later records counted in the next month) this long after its end (0s..60 days)"),
            Option.of(RANGE_USE_PERIOD, DURATION, "P90D",
                    "R13: a number of a range counts as used when it is assigned and received or placed a call within this period (1 day..3650 days)"),
            Option.of(RANGE_USE_THRESHOLD, STRING, "0.8",
                    "R13 (CP Téléphonie §1): a range used at less than this share is flagged underused (80 %)"));

    /** Reads and checks the keys; every problem is recorded in {@code view} (its key named), none thrown. */
    public static ReportsOptions from(ConfigView view) {
        ZoneId zone = ZoneId.of("Europe/Paris");
        String z = view.text(TIME_ZONE).trim();
        try {
            zone = ZoneId.of(z);
        } catch (DateTimeException e) {
            view.problem(TIME_ZONE, "must be a time zone id such as Europe/Paris, got '" + z + "'");
        }
        int threshold = view.integer(THRESHOLD, 0, 100_000_000, "0..100000000");
        Duration closeAfter = view.duration(CLOSE_AFTER, Duration.ZERO, Duration.ofDays(60));
        Duration period = view.duration(RANGE_USE_PERIOD, Duration.ofDays(1), Duration.ofDays(3650));
        BigDecimal share = new BigDecimal("0.8");
        String t = view.text(RANGE_USE_THRESHOLD).trim();
        try {
            BigDecimal d = new BigDecimal(t);
            if (d.signum() > 0 && d.compareTo(BigDecimal.ONE) <= 0) share = d;
            else view.problem(RANGE_USE_THRESHOLD, "must be a decimal in ]0, 1], got '" + t + "'");
        } catch (NumberFormatException e) {
            view.problem(RANGE_USE_THRESHOLD, "must be a decimal in ]0, 1], got '" + t + "'");
        }
        return new ReportsOptions(zone, threshold, closeAfter, period, share);
    }
}
