package io.callguard.asterisk.fastagi;

import io.callguard.core.config.ConfigValues;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The declared {@code fastagi} keys and their reader: declared defaults are {@link FastAgiOptions#defaults()}. */
class FastAgiOptionsTest {
    @Test
    void declaredDefaultsReadAsTheDefaults() {
        ConfigValues view = ConfigValues.defaults(FastAgiOptions.OPTIONS);
        assertThat(FastAgiOptions.from(view)).isEqualTo(FastAgiOptions.defaults());
        assertThat(view.problems()).isEmpty();
    }

    @Test
    void failureModeIsOpenOrClosedInAnyCase() {
        ConfigValues closed = ConfigValues.defaults(FastAgiOptions.OPTIONS).set("fastagi.failureMode", " Closed ", "file");
        assertThat(FastAgiOptions.from(closed).failureMode()).isEqualTo(FailureMode.CLOSED);
        assertThat(closed.problems()).isEmpty();

        ConfigValues wrong = ConfigValues.defaults(FastAgiOptions.OPTIONS)
                .set("fastagi.failureMode", "maybe", "CALLGUARD_FASTAGI_FAILURE_MODE");
        assertThat(FastAgiOptions.from(wrong).failureMode()).isEqualTo(FailureMode.OPEN);
        assertThat(wrong.problems()).containsExactly(
                "fastagi.failureMode: must be open or closed, got 'maybe' (from CALLGUARD_FASTAGI_FAILURE_MODE)");
    }
}
