/**
 * The state port ({@link io.callguard.core.limits.Allocations}, {@link io.callguard.core.state.SlidingWindows},
 * {@link io.callguard.core.state.IdempotencyKeys}, {@link io.callguard.core.state.CreditReservations}) in Redis, so
 * that several callguard nodes count in one place: {@link io.callguard.redis.RedisStateBackend} builds the four parts
 * on one vertx-redis-client, each operation one Lua script (EVALSHA, EVAL on NOSCRIPT) run atomically by Redis, times
 * always passed in by the node (epoch milliseconds), never Redis's TIME. See docs/state.md.
 */
package io.callguard.redis;
