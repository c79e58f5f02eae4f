package io.callguard.core.state;

import io.callguard.core.limits.Allocations;
import io.callguard.core.limits.InMemoryAllocations;

import java.time.Clock;
import java.util.Objects;

/**
 * The implementations of the state port one node uses. The app builds one backend and hands its parts to the rules,
 * so that a shared backend (all nodes counting in one Redis) replaces {@link #inMemory} without touching a rule.
 *
 * @param allocations     expiring allocations (trunk channels, calls per second)
 * @param slidingWindows  sliding-window counts (SMS limits)
 * @param idempotencyKeys first-one-wins keys with an expiry
 * @param creditReservations credit reserved by the accounts' live calls (R3)
 */
public record StateBackend(Allocations allocations, SlidingWindows slidingWindows, IdempotencyKeys idempotencyKeys,
                           CreditReservations creditReservations) {
    public StateBackend {
        Objects.requireNonNull(allocations, "allocations");
        Objects.requireNonNull(slidingWindows, "slidingWindows");
        Objects.requireNonNull(idempotencyKeys, "idempotencyKeys");
        Objects.requireNonNull(creditReservations, "creditReservations");
    }

    /** This JVM's counters only: exact within one node (the {@code local} backend). */
    public static StateBackend inMemory(Clock clock) {
        return new StateBackend(new InMemoryAllocations(clock), new InMemorySlidingWindows(),
                new InMemoryIdempotencyKeys(), new InMemoryCreditReservations());
    }
}
