package io.callguard.caps;

import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Durations;
import io.callguard.core.config.Option;
import io.callguard.core.directory.Account;
import io.callguard.core.policy.OnStateFailure;

import java.time.Duration;
import java.util.List;

import static io.callguard.core.config.OptionType.BOOLEAN;
import static io.callguard.core.config.OptionType.DURATION;
import static io.callguard.core.config.OptionType.INT;
import static io.callguard.core.config.OptionType.STRING;

/**
 * The call caps' own configuration keys (sections {@code caps} and {@code watchdog}, and the settings of the
 * {@code channel-cap} and {@code calls-per-second} policies): declared here once, with their defaults, bounds and
 * documentation line. The policies' settings are read by their providers; this record holds the timers' ones.
 *
 * @param reconcileInterval how often reservations are reconciled against a fresh CoreShowChannels
 * @param orphanGrace       age before a reservation without a live channel is freed, or a live channel adopted
 * @param watchdogEnabled   whether calls over their maximum duration are hung up through AMI
 * @param watchdogInterval  how often the watchdog sweeps
 * @param watchdogGrace     how long past its maximum a call may last before it is hung up
 * @param startupHold       until the first AMI resynchronisation, how long a cap decision waits for it
 */
public record CapsOptions(Duration reconcileInterval, Duration orphanGrace, boolean watchdogEnabled,
                          Duration watchdogInterval, Duration watchdogGrace, Duration startupHold) {
    public static final String RECONCILE_INTERVAL = "caps.reconcileInterval";
    public static final String ORPHAN_GRACE = "caps.orphanGrace";
    public static final String STARTUP_HOLD = "caps.startupHold";
    public static final String WATCHDOG_ENABLED = "watchdog.enabled";
    public static final String WATCHDOG_INTERVAL = "watchdog.interval";
    public static final String WATCHDOG_GRACE = "watchdog.grace";
    /** The FastAGI key the startup hold must stay under (owned by the FastAGI adapter, read by the app). */
    public static final String DECISION_DEADLINE = "fastagi.decisionDeadline";

    /** Shortest period of the caps' timers (tests run them fast; production keeps seconds). */
    static final Duration MIN_PERIOD = Duration.ofMillis(10);
    /** Longest decision deadline the app accepts, so also the longest hold. */
    static final Duration MAX_HOLD = Duration.ofMinutes(1);

    /** Every key this module owns, in documentation order (defaults as the README writes them; CapsOptionsTest ties them to CapsSettings). */
    public static final List<Option> OPTIONS = List.of(
            Option.of(RECONCILE_INTERVAL, DURATION, "60s",
                    "how often trunk reservations are reconciled against Asterisk's live channels (AMI CoreShowChannels)"),
            Option.of(ORPHAN_GRACE, DURATION, "10s",
                    "a reservation without a live channel is freed, and a live channel without one adopted, once this old"),
            Option.of(STARTUP_HOLD, DURATION, "200ms",
                    "until the first AMI resynchronisation after a start, a cap decision waits this long for it, then gets the failure verdict (shorter than fastagi.decisionDeadline)"),
            Option.of(WATCHDOG_ENABLED, BOOLEAN, "true", "hang up through AMI the calls that outlive their maximum duration (R1)"),
            Option.of(WATCHDOG_INTERVAL, DURATION, "10s",
                    "how often the watchdog looks for calls over their maximum duration"),
            Option.of(WATCHDOG_GRACE, DURATION, "60s",
                    "a call is hung up once it outlives its maximum duration by this much"),
            Option.of("policy." + CallsPerSecondPolicy.NAME + "." + CallsPerSecondPolicy.SETTING_LIMIT, INT, "0",
                    "new calls per second of an account without its own callsPerSecond; 0 = no limit"),
            Option.of("policy." + ChannelCapPolicy.NAME + "." + ChannelCapPolicy.SETTING_DEFAULT_MAX_SECONDS, INT,
                    Long.toString(Account.DEFAULT_MAX_CALL_SECONDS),
                    "reservation life (seconds) of a call without an account maximum (an emergency call)"),
            Option.of("policy." + ChannelCapPolicy.NAME + "." + ChannelCapPolicy.SETTING_RESERVATION_MARGIN, INT,
                    Long.toString(ChannelCapPolicy.DEFAULT_RESERVATION_MARGIN_SECONDS),
                    "seconds added to a call's maximum before its reservation expires if no hang-up released it"),
            Option.of("policy." + ChannelCapPolicy.NAME + "." + OnStateFailure.SETTING, STRING, "fail",
                    "fail | pass | deny: the channel cap's answer when the state backend fails or outlasts state.timeout"),
            Option.of("policy." + CallsPerSecondPolicy.NAME + "." + OnStateFailure.SETTING, STRING, "fail",
                    "fail | pass | deny: the calls-per-second answer when the state backend fails or outlasts state.timeout"));

    /**
     * {@link #from(ConfigView, Duration)} with the decision deadline read from {@code view} too: the app lends the
     * modules that key of the FastAGI adapter.
     */
    public static CapsOptions from(ConfigView view) {
        return from(view, view.duration(DECISION_DEADLINE, Duration.ofMillis(1), MAX_HOLD));
    }

    /**
     * Reads and checks the caps' keys; every problem is recorded in {@code view} (its key named), none thrown.
     *
     * @param decisionDeadline the FastAGI decision deadline as the app read it: the startup hold must fit within it
     */
    public static CapsOptions from(ConfigView view, Duration decisionDeadline) {
        return new CapsOptions(
                view.duration(RECONCILE_INTERVAL, MIN_PERIOD, Duration.ofHours(1)),
                // below a second a decision whose channel AMI has not reported yet could lose its slot
                view.duration(ORPHAN_GRACE, Duration.ofSeconds(1), Duration.ofMinutes(10)),
                view.bool(WATCHDOG_ENABLED),
                view.duration(WATCHDOG_INTERVAL, MIN_PERIOD, Duration.ofHours(1)),
                view.duration(WATCHDOG_GRACE, Duration.ZERO, Duration.ofHours(1)),
                startupHold(view, decisionDeadline));
    }

    /**
     * Within the decision deadline: the failure verdict must be answered by the hold's end, not by the deadline. The
     * default shrinks to 4/5 of a deadline shorter than itself; a value given explicitly must fit.
     */
    private static Duration startupHold(ConfigView view, Duration decisionDeadline) {
        Duration hold = view.duration(STARTUP_HOLD, Duration.ZERO, MAX_HOLD);
        if (view.isDefault(STARTUP_HOLD) && hold.compareTo(decisionDeadline) >= 0) {
            return decisionDeadline.multipliedBy(4).dividedBy(5);
        }
        if (hold.compareTo(decisionDeadline) >= 0) {
            view.problem(STARTUP_HOLD, "must be shorter than " + DECISION_DEADLINE + " (" + Durations.format(decisionDeadline)
                    + "), got " + Durations.format(hold));
        }
        return hold;
    }

    /** The settings the call caps take. */
    public CapsSettings settings() {
        return new CapsSettings(orphanGrace, watchdogGrace, reconcileInterval, watchdogInterval);
    }
}
