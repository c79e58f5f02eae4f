/**
 * The state port: counters that must be exact under concurrency, beside the allocations of
 * {@link io.callguard.core.limits.Allocations} (which stay in their package). {@link io.callguard.core.state.SlidingWindows}
 * counts events in sliding windows ("1 per second AND 10 per minute, in any window"),
 * {@link io.callguard.core.state.IdempotencyKeys} remembers keys with an expiry, and
 * {@link io.callguard.core.state.StateBackend} is the set of implementations a node uses.
 *
 * <p>Every operation is atomic on its own key, names its key with a string and takes the time as an argument, so an
 * implementation may live in another process (a Redis script per operation) as well as in this JVM; the in-memory
 * implementations here are the local backend. {@link io.callguard.core.state.StateCalls} is how the decision path
 * calls it: every asynchronous call bounded by {@code state.timeout} (a {@link io.callguard.core.state.StateUnavailableException}
 * past it), every failure counted and logged a line a minute. {@link io.callguard.core.state.FallbackState} is a
 * shared backend with this node's own counts beside it, to decide alone with its share of each limit
 * ({@link io.callguard.core.state.NodeShares}) while the shared one is unreachable ({@code state.redis.fallback: local}).
 */
package io.callguard.core.state;
