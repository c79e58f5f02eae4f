package io.callguard.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The /proc readings behind the load reports' CPU figures (Linux only: elsewhere they read -1). */
@EnabledOnOs(OS.LINUX)
class ProcessCpuTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void theJitThreadsOfThisJvmAreFoundAndTakeNoMoreThanTheWholeProcess() {
        long jit = ProcessCpu.jitTicks(SELF);
        long all = ProcessCpu.ticks(SELF);
        assertThat(jit).isBetween(0L, all);
    }

    @Test
    void severalProcessesAddUpAndAMissingOneMakesTheSumUnknown() {
        long one = ProcessCpu.ticks(SELF);
        assertThat(ProcessCpu.ticks(List.of(SELF, SELF))).isGreaterThanOrEqualTo(2 * one);
        assertThat(ProcessCpu.ticks(List.of(SELF, Long.MAX_VALUE))).isEqualTo(-1);
        assertThat(ProcessCpu.ticks(List.of())).isEqualTo(-1);
        assertThat(ProcessCpu.jitTicks(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void storePidsAreParsedFromACommaListAndRefusedOtherwise() {
        LoadOptions o = LoadOptions.parse(new String[] {"--port", "4573", "--store-pids", "12, 34"});
        assertThat(o.storePids()).containsExactly(12L, 34L);
        assertThat(LoadOptions.parse(new String[] {"--port", "4573"}).storePids()).isEmpty();
        assertThatThrownBy(() -> LoadOptions.parse(new String[] {"--port", "4573", "--store-pids", "12;34"}))
                .hasMessageContaining("--store-pids");
    }
}
