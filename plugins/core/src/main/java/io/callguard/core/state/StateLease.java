package io.callguard.core.state;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a node's slot on a shared state backend counts without its owner renewing it: the bound within which a
 * node that died ({@code kill -9}, a lost host) stops holding its trunk slots. Offered as a service only with a shared
 * backend (Redis); with the local one a slot lives as long as its call may ({@code state.leaseTime}).
 *
 * @param time the lease; its owner renews every third of it
 */
public record StateLease(Duration time) {
    public StateLease {
        Objects.requireNonNull(time, "time");
        if (time.compareTo(Duration.ofSeconds(1)) < 0) throw new IllegalArgumentException("a lease of at least 1 s, got " + time);
    }

    /** How often the owner renews its slots. */
    public Duration renewEvery() { return time.dividedBy(3); }

    /** {@code life} cut to the lease. */
    public Duration cap(Duration life) { return life.compareTo(time) > 0 ? time : life; }
}
