package io.callguard.suspension;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The suspension record: status over time and validation messages. */
class SuspensionTest {
    private static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");
    private static final Instant START = T0.plus(Duration.ofDays(8));

    private static Suspension scheduled() {
        return new Suspension("s1", "acme", null, SuspensionReason.NON_PAYMENT, null, "alice", T0, START, false,
                null, null, null);
    }

    @Test
    void statusFollowsTheClock() {
        Suspension s = scheduled();
        assertThat(s.note()).isEmpty();
        assertThat(s.status(T0)).isEqualTo(SuspensionStatus.SCHEDULED);
        assertThat(s.status(START.minusNanos(1))).isEqualTo(SuspensionStatus.SCHEDULED);
        assertThat(s.status(START)).isEqualTo(SuspensionStatus.ACTIVE);
        assertThat(s.isActiveAt(START)).isTrue();
        assertThat(s.isScheduledAt(START)).isFalse();

        Suspension lifted = s.end(EndKind.LIFTED, "bob", START.plusSeconds(60));
        assertThat(lifted.status(START.plusSeconds(59))).isEqualTo(SuspensionStatus.ACTIVE);
        assertThat(lifted.status(START.plusSeconds(60))).isEqualTo(SuspensionStatus.LIFTED);
        assertThat(lifted.isActiveAt(START.plusSeconds(60))).isFalse();

        Suspension cancelled = s.end(EndKind.CANCELLED, "bob", T0.plusSeconds(60));
        assertThat(cancelled.status(T0.plusSeconds(60))).isEqualTo(SuspensionStatus.CANCELLED);
        assertThat(cancelled.isActiveAt(START)).isFalse();
        assertThat(cancelled.isScheduledAt(T0.plusSeconds(60))).isFalse();
    }

    @Test
    void invalidRecordsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new Suspension(" ", "acme", null, SuspensionReason.LOW_ASR, "", "a", T0, T0, false,
                null, null, null)).hasMessage("id: required, got none");
        assertThatThrownBy(() -> new Suspension("s", "acme", "", SuspensionReason.LOW_ASR, "", "a", T0, T0, false,
                null, null, null)).hasMessage("trunkId: required, got none");
        assertThatThrownBy(() -> new Suspension("s", "acme", null, SuspensionReason.LOW_ASR, "", "", T0, T0, false,
                null, null, null)).hasMessage("createdBy: required, got none");
        assertThatThrownBy(() -> new Suspension("s", "acme", null, SuspensionReason.LOW_ASR, "", "a", T0,
                T0.minusSeconds(31), false, null, null, null)).hasMessageStartingWith("startsAt: must not be before");
        assertThatThrownBy(() -> new Suspension("s", "acme", null, SuspensionReason.LOW_ASR, "", "a", T0, T0, false,
                T0, null, EndKind.LIFTED)).hasMessage("endedBy: required, got none");
        assertThatThrownBy(() -> new Suspension("s", "acme", null, SuspensionReason.LOW_ASR, "", "a", T0, T0, false,
                T0, "bob", null)).hasMessageStartingWith("endedAt, endedBy, endedHow: all set or all null");
        assertThat(new Suspension("s", "acme", null, SuspensionReason.LOW_ASR, "x".repeat(1000), "a", T0,
                T0.minusSeconds(30), false, null, null, null).note()).hasSize(1000);
    }
}
