package io.callguard.cti.sms;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;

import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.LIST;

/**
 * The SMS limits' own configuration keys (R8: how many SMS per account, how long, to whom never limited), declared
 * here once with their defaults, bounds and documentation line. The SIP sender's and the dispatcher's keys under
 * {@code cti.sms} belong to the CTI adapter.
 */
public final class SmsOptions {
    public static final String PER_SECOND = "cti.sms.perSecond";
    public static final String PER_MINUTE = "cti.sms.perMinute";
    public static final String MAX_SEGMENTS = "cti.sms.maxSegments";
    public static final String EMERGENCY_NUMBERS = "cti.sms.emergencyNumbers";
    public static final String IDEMPOTENCY_PERIOD = "cti.sms.idempotencyPeriod";

    /** Every key of the SMS limits, in documentation order. */
    public static final List<Option> OPTIONS = List.of(
            Option.of(PER_SECOND, INT, Integer.toString(RateWindow.PER_SECOND.limit()), "SMS per account in any 1 s window (R8: 1)"),
            Option.of(PER_MINUTE, INT, Integer.toString(RateWindow.PER_MINUTE.limit()), "SMS per account in any 60 s window (R8: 10)"),
            Option.of(MAX_SEGMENTS, INT, Integer.toString(SmsText.DEFAULT_MAX_SEGMENTS), "longest accepted SMS text, in segments"),
            Option.of(EMERGENCY_NUMBERS, LIST, String.join(",", SmsSettings.DEFAULT_EMERGENCY_NUMBERS),
                    "SMS recipients never limited nor refused for a suspension"),
            Option.of(IDEMPOTENCY_PERIOD, DURATION, "24h",
                    "how long an Idempotency-Key returns its first SMS"));

    private SmsOptions() { }

    /** Reads and checks the SMS limits; every problem is recorded in {@code view} (its key named), none thrown. */
    public static SmsSettings from(ConfigView view) {
        int perSecond = view.integer(PER_SECOND, 1, 1000, "1..1000");
        int perMinute = view.integer(PER_MINUTE, 1, 60_000, "1..60000");
        int maxSegments = view.integer(MAX_SEGMENTS, 1, 255, "1..255");
        List<String> emergency = view.list(EMERGENCY_NUMBERS);
        for (String n : emergency) {
            if (n.length() > 15 || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
                view.problem(EMERGENCY_NUMBERS, "'" + n + "' is not a short number (digits only)");
            }
        }
        Duration idempotency = view.duration(IDEMPOTENCY_PERIOD, Duration.ofMinutes(1), Duration.ofDays(30));
        return new SmsSettings(List.of(new RateWindow(perSecond + "/s", perSecond, Duration.ofSeconds(1)),
                new RateWindow(perMinute + "/min", perMinute, Duration.ofMinutes(1))), maxSegments,
                new LinkedHashSet<>(emergency), idempotency, SmsSettings.R8_ARTICLE);
    }
}
