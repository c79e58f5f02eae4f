package io.callguard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * CPU time of a process (all its threads) and of the whole machine, from Linux's /proc: {@code utime + stime} of
 * {@code /proc/<pid>/stat} and the busy share of {@code /proc/stat}, both in clock ticks (USER_HZ).
 */
final class ProcessCpu {
    private ProcessCpu() { }

    /** utime + stime of {@code pid} in ticks, or -1 when unreadable (no /proc, process gone). */
    static long ticks(long pid) {
        return ticks(Long.toString(pid));
    }

    /** utime + stime of {@code /proc/<path>/stat} ({@code <pid>} or {@code <pid>/task/<tid>}), or -1. */
    private static long ticks(String path) {
        try {
            String stat = Files.readString(Path.of("/proc", path, "stat"));
            // the command name (field 2) may hold blanks and parentheses: count fields after its last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * utime + stime of the JIT compiler threads of a JVM ({@code C1 CompilerThread*}, {@code C2 CompilerThread*},
     * whose names Linux cuts to "C2 CompilerThre"), in ticks, or -1 when unreadable: how much of a window's CPU is
     * still compilation rather than the steady state.
     */
    static long jitTicks(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            long sum = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String comm;
                try {
                    comm = Files.readString(task.resolve("comm")).trim();
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                if (!comm.contains("CompilerThre")) continue;
                long t = ticks(pid + "/task/" + task.getFileName());
                if (t > 0) sum += t;
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** How long process {@code pid} has been running, or null when unknown (no such process, no start time). */
    static Duration uptime(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant())
                .map(start -> Duration.between(start, Instant.now())).orElse(null);
    }

    /** The sum of {@link #ticks} of several processes, or -1 when one is unreadable (or none is given). */
    static long ticks(java.util.List<Long> pids) {
        if (pids.isEmpty()) return -1;
        long sum = 0;
        for (long pid : pids) {
            long t = ticks(pid);
            if (t < 0) return -1;
            sum += t;
        }
        return sum;
    }

    /** {busy, total} ticks of all CPUs since boot (first line of /proc/stat), or null when unreadable. */
    static long[] machineTicks() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] f = lines.get(0).trim().split(" +");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) idle += v;
            }
            return new long[]{total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
