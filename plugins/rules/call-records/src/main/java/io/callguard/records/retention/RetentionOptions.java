package io.callguard.records.retention;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;

import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.STRING;

/**
 * The retention's options (section {@code records}).
 *
 * @param retention     how long a record is kept after the invoice date of its call's period; never shorter than
 *                      the contract's 6 months (CGV 9.2)
 * @param purgeInterval how often the purge runs
 * @param invoiceZone   the time zone of the invoice dates (a date starts at midnight there)
 */
public record RetentionOptions(Period retention, Duration purgeInterval, ZoneId invoiceZone) {
    public static final String RETENTION = "records.retention";
    public static final String PURGE_INTERVAL = "records.purgeInterval";
    public static final String INVOICE_ZONE = "records.invoiceTimeZone";
    /** CGV 9.2: "conservés … pendant une durée de six (6) mois à compter de la date d'établissement de la facture". */
    public static final Period CONTRACT_RETENTION = Period.ofMonths(6);

    public static final List<Option> OPTIONS = List.of(
            Option.of(RETENTION, STRING, "P6M",
                    "how long a call record is kept after the invoice date of its period (ISO-8601 months/years, days may be added: P6M, P1Y, P6M15D); never less than P6M, the contract's (CGV 9.2)"),
            Option.of(PURGE_INTERVAL, DURATION, "24h",
                    "how often the records past retention are purged (also on demand: POST /admin/v1/records/purge)"),
            Option.of(INVOICE_ZONE, STRING, "Europe/Paris", "time zone of the invoice dates (an invoice date starts at midnight there)"));

    /** Reads and checks the keys; each problem is recorded in {@code view} (its key named). */
    public static RetentionOptions from(ConfigView view) {
        Period retention = retention(view);
        Duration interval = view.duration(PURGE_INTERVAL, Duration.ofMinutes(1), Duration.ofDays(31));
        String zoneText = view.text(INVOICE_ZONE).trim();
        ZoneId zone = ZoneId.of("Europe/Paris");
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            view.problem(INVOICE_ZONE, "must be a time zone id such as Europe/Paris or UTC, got '" + zoneText + "'");
        }
        return new RetentionOptions(retention, interval, zone);
    }

    private static Period retention(ConfigView view) {
        String text = view.text(RETENTION).trim();
        Period p;
        try {
            p = Period.parse(text);
        } catch (DateTimeParseException e) {
            view.problem(RETENTION, "must be an ISO-8601 period in months or years such as P6M or P1Y, got '" + text + "'");
            return CONTRACT_RETENTION;
        }
        // Weeks and days alone cannot be compared with months (a month has 28 to 31 days): months are required.
        if (p.isNegative() || p.getDays() < 0 || p.toTotalMonths() < CONTRACT_RETENTION.toTotalMonths()) {
            view.problem(RETENTION, "must be at least P6M (6 months from the invoice date, CGV 9.2), counted in months"
                    + " or years (days may be added, P6M15D), got '" + text + "'");
            return CONTRACT_RETENTION;
        }
        return p;
    }
}
