package io.callguard.server;

import io.callguard.server.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The open-files requirement follows the configured connection limits; a lower limit gets a WARN naming it. */
class OpenFilesTest {
    @TempDir Path dir;

    @Test
    void theNumberNeededIsTheSumOfTheConnectionLimitsPlusThePoolAndAReserve() {
        Config defaults = TestApps.config(dir, Map.of());
        assertThat(OpenFiles.needed(defaults)).isEqualTo(4096 + 1000 + 10000 + 4 + OpenFiles.RESERVE);

        Config noCti = TestApps.config(dir, Map.of("CALLGUARD_CTI_ENABLED", "false",
                "CALLGUARD_FASTAGI_MAX_CONNECTIONS", "100", "CALLGUARD_ADMIN_MAX_CONNECTIONS", "10"));
        assertThat(OpenFiles.needed(noCti)).isEqualTo(100 + 10 + 4 + OpenFiles.RESERVE);
    }

    @Test
    void aLimitBelowTheNeedGetsAWarningNamingTheNumberNeeded() {
        assertThat(OpenFiles.warning(1024, 16120)).hasValueSatisfying(w -> assertThat(w)
                .contains("is 1024").contains("at least 16120"));
        assertThat(OpenFiles.warning(16120, 16120)).isEmpty();
    }

    @Test
    void thisProcessLimitIsReadOnUnix() {
        assertThat(OpenFiles.limit()).isPresent();
        assertThat(OpenFiles.limit().getAsLong()).isPositive();
    }
}
