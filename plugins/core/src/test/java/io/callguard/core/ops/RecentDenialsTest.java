package io.callguard.core.ops;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The refused calls the operations page counts: exact per reason within the window, bounded memory, newest first. */
class RecentDenialsTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:30Z");

    private static RecentDenials.Denial denial(Instant at, String reason) {
        return new RecentDenials.Denial(at, reason, "acme", "trunk-a", "OUTBOUND");
    }

    @Test
    void countsEachReasonOverTheWholeMinutesOfTheWindow() {
        RecentDenials d = new RecentDenials();
        d.record(denial(T, "TRUNK_FULL"));
        d.record(denial(T.minusSeconds(20), "TRUNK_FULL"));
        d.record(denial(T.minus(Duration.ofMinutes(4)), "CPS_EXCEEDED"));
        d.record(denial(T.minus(Duration.ofMinutes(30)), "LINE_SUSPENDED"));

        assertThat(d.counts(T, Duration.ofMinutes(1))).isEqualTo(Map.of("TRUNK_FULL", 2L));
        assertThat(d.counts(T, Duration.ofMinutes(5))).isEqualTo(Map.of("TRUNK_FULL", 2L, "CPS_EXCEEDED", 1L));
        assertThat(d.counts(T, Duration.ofMinutes(60)))
                .isEqualTo(Map.of("TRUNK_FULL", 2L, "CPS_EXCEEDED", 1L, "LINE_SUSPENDED", 1L));
        // an hour later everything has left the window, and the buckets are reused without mixing the hours
        Instant later = T.plus(Duration.ofMinutes(61));
        assertThat(d.counts(later, Duration.ofMinutes(60))).isEmpty();
        d.record(denial(later, "BARRED"));
        assertThat(d.counts(later, Duration.ofMinutes(60))).isEqualTo(Map.of("BARRED", 1L));
        assertThat(d.total()).isEqualTo(5);
    }

    @Test
    void thousandsOfRefusalsAreCountedExactlyInBoundedMemoryAndOnlyTheLastAreListed() {
        RecentDenials d = new RecentDenials();
        for (int i = 0; i < 10_000; i++) d.record(denial(T.minusMillis(i), i % 2 == 0 ? "TRUNK_FULL" : "CPS_EXCEEDED"));
        assertThat(d.counts(T, Duration.ofMinutes(15))).isEqualTo(Map.of("TRUNK_FULL", 5000L, "CPS_EXCEEDED", 5000L));
        List<RecentDenials.Denial> latest = d.latest(T, Duration.ofMinutes(15), 1000);
        assertThat(latest).hasSize(RecentDenials.LAST_KEPT);
        assertThat(d.latest(T, Duration.ofMinutes(15), 3)).hasSize(3);
    }

    @Test
    void theSnapshotListsTheReasonsMostFirstAndTheLatestNewestFirst() {
        RecentDenials d = new RecentDenials();
        d.record(denial(T.minusSeconds(3), "CPS_EXCEEDED"));
        d.record(denial(T.minusSeconds(2), "TRUNK_FULL"));
        d.record(denial(T.minusSeconds(1), "TRUNK_FULL"));
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) d.snapshot(new OpsQuery(T, 2, Duration.ofMinutes(15)));
        assertThat(s.keySet()).containsExactly("windowMinutes", "total", "sinceStart", "byReason", "latest");
        assertThat(s.get("byReason")).isEqualTo(List.of(Map.of("reason", "TRUNK_FULL", "count", 2L),
                Map.of("reason", "CPS_EXCEEDED", "count", 1L)));
        assertThat((List<?>) s.get("latest")).hasSize(2);
        assertThat(((Map<?, ?>) ((List<?>) s.get("latest")).get(0)).get("at")).isEqualTo(T.minusSeconds(1).toString());
    }

    @Test
    void aQueryOutsideItsBoundsIsRefused() {
        assertThatThrownBy(() -> new OpsQuery(T, 0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpsQuery(T, 1, Duration.ofMinutes(61))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpsQuery(T, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
