package io.callguard.redis;

import io.callguard.core.state.StateBackend;

/** The contract on the local backend: the reference the Redis backend is held to. */
class InMemoryStateBackendTest extends StateBackendContract {
    private final StateBackend backend = StateBackend.inMemory(clock);

    @Override
    StateBackend backend() { return backend; }
}
