package io.callguard.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The bookkeeping behind the listeners' limits: what is admitted, what is refused and why, what a close gives back. */
class ConnectionLimitTest {
    @Test
    void admitsUpToEachLimitRefusesBeyondCountsWhyAndGivesSlotsBackOnRelease() {
        ConnectionLimit limit = new ConnectionLimit("cti", 3, 2, () -> 0L);

        assertThat(limit.admit("10.0.0.1")).isNull();
        assertThat(limit.admit("10.0.0.1")).isNull();
        assertThat(limit.admit("10.0.0.1")).isEqualTo(ConnectionLimit.Refusal.ADDRESS_FULL);
        assertThat(limit.admit("10.0.0.2")).isNull();
        assertThat(limit.admit("10.0.0.3")).isEqualTo(ConnectionLimit.Refusal.LISTENER_FULL);
        assertThat(limit.open()).isEqualTo(3);
        assertThat(limit.addresses()).isEqualTo(2);
        assertThat(limit.refusedAddressFull()).isEqualTo(1);
        assertThat(limit.refusedListenerFull()).isEqualTo(1);

        limit.release("10.0.0.1");
        assertThat(limit.admit("10.0.0.3")).isNull();
        limit.release("10.0.0.1");
        limit.release("10.0.0.2");
        limit.release("10.0.0.3");
        assertThat(limit.open()).isZero();
        assertThat(limit.addresses()).as("no entry left behind for addresses gone").isZero();
        assertThat(limit.refused()).isEqualTo(2);
    }
}
