package io.callguard.testkit;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaptureAssumptionsTest {

    @Test
    void missingCapturesSkipOnAWorkstation() {
        assertThatThrownBy(() -> CaptureAssumptions.requireCaptures(Optional.empty(), Map.of()))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("real Asterisk captures not found")
                .hasMessageContaining("set CI=true");
    }

    @Test
    void missingCapturesFailUnderCi() {
        assertThatThrownBy(() -> CaptureAssumptions.requireCaptures(Optional.empty(), Map.of("CI", "true")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("real Asterisk captures not found")
                .hasMessageContaining("CI=true makes this a failure");
    }

    @Test
    void presentCapturesAreReturned() {
        Path root = Path.of("/somewhere/shared/asterisk");
        assertThat(CaptureAssumptions.requireCaptures(Optional.of(root), Map.of("CI", "true"))).isEqualTo(root);
    }
}
