package io.callguard.caps;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.Durations;
import io.callguard.core.config.Option;
import io.callguard.core.directory.Account;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CapsOptionsTest {
    private static final Duration DEADLINE = Duration.ofMillis(250);

    private static String dflt(String path) {
        return CapsOptions.OPTIONS.stream().filter(o -> o.path().equals(path)).findFirst().map(Option::defaultValue)
                .orElseThrow();
    }

    @Test
    void declaredDefaultsAreTheModulesConstants() {
        assertThat(Durations.parse(dflt(CapsOptions.RECONCILE_INTERVAL))).isEqualTo(CapsSettings.DEFAULT_RECONCILE_INTERVAL);
        assertThat(Durations.parse(dflt(CapsOptions.ORPHAN_GRACE))).isEqualTo(CapsSettings.DEFAULT_ORPHAN_GRACE);
        assertThat(Durations.parse(dflt(CapsOptions.WATCHDOG_INTERVAL))).isEqualTo(CapsSettings.DEFAULT_WATCHDOG_INTERVAL);
        assertThat(Durations.parse(dflt(CapsOptions.WATCHDOG_GRACE))).isEqualTo(CapsSettings.DEFAULT_WATCHDOG_GRACE);
        assertThat(Long.parseLong(dflt("policy.channel-cap.defaultMaxSeconds"))).isEqualTo(Account.DEFAULT_MAX_CALL_SECONDS);
        assertThat(Long.parseLong(dflt("policy.channel-cap.reservationMargin")))
                .isEqualTo(ChannelCapPolicy.DEFAULT_RESERVATION_MARGIN_SECONDS);

        ConfigValues view = ConfigValues.defaults(CapsOptions.OPTIONS);
        CapsOptions o = CapsOptions.from(view, DEADLINE);
        assertThat(view.problems()).isEmpty();
        assertThat(o).isEqualTo(new CapsOptions(Duration.ofSeconds(60), Duration.ofSeconds(10), true,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMillis(200)));
    }

    @Test
    void theDefaultHoldShrinksWithinAShorterDeadlineAnExplicitOneMustFit() {
        ConfigValues byDefault = ConfigValues.defaults(CapsOptions.OPTIONS);
        assertThat(CapsOptions.from(byDefault, Duration.ofMillis(100)).startupHold()).isEqualTo(Duration.ofMillis(80));
        assertThat(byDefault.problems()).isEmpty();

        ConfigValues explicit = ConfigValues.defaults(CapsOptions.OPTIONS)
                .set(CapsOptions.STARTUP_HOLD, "200ms", "CALLGUARD_CAPS_STARTUP_HOLD");
        CapsOptions.from(explicit, Duration.ofMillis(100));
        assertThat(explicit.problems()).containsExactly(
                "caps.startupHold: must be shorter than fastagi.decisionDeadline (100ms), got 200ms (from CALLGUARD_CAPS_STARTUP_HOLD)");
    }

    @Test
    void boundsAreCheckedWithTheKeyNamed() {
        ConfigValues view = ConfigValues.defaults(CapsOptions.OPTIONS)
                .set(CapsOptions.ORPHAN_GRACE, "500ms", "file")
                .set(CapsOptions.WATCHDOG_INTERVAL, "2h", "file");
        CapsOptions.from(view, DEADLINE);
        assertThat(view.problems()).containsExactly(
                "caps.orphanGrace: must be at least 1s and at most 10m, got 500ms",
                "watchdog.interval: must be at least 10ms and at most 1h, got 2h");
    }
}
