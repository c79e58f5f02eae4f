package io.callguard.server.config;

import io.callguard.redis.RedisStateOptions;
import io.callguard.server.TestApps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code state.backend} and {@code state.redis.*}: defaults, the environment, refusals naming the key. */
class StateBackendConfigTest {
    @TempDir Path dir;

    private Config load(Map<String, String> env) { return TestApps.config(dir, env); }

    @Test
    void theDefaultIsTheLocalBackend() {
        Config c = load(Map.of());
        assertThat(RedisStateOptions.from(c.modules().view(RedisStateOptions.OPTIONS, null))).isEmpty();
    }

    @Test
    void redisIsReadFromTheEnvironmentWithItsDefaults() {
        Config c = load(Map.of("CALLGUARD_STATE_BACKEND", "redis", "CALLGUARD_STATE_REDIS_URL", "redis://10.0.0.5:6380/2",
                "CALLGUARD_STATE_REDIS_COMMAND_TIMEOUT", "40ms"));
        RedisStateOptions o = RedisStateOptions.from(c.modules().view(RedisStateOptions.OPTIONS, null)).orElseThrow();
        assertThat(o.url()).isEqualTo("redis://10.0.0.5:6380/2");
        assertThat(o.namespace()).isEqualTo("callguard");
        assertThat(o.commandTimeout()).isEqualTo(Duration.ofMillis(40));
        assertThat(o.maxPoolSize()).isEqualTo(8);
    }

    @Test
    void anUnknownBackendIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_STATE_BACKEND", "memcached")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.backend").hasMessageContaining("local or redis");
    }

    @Test
    void aBadUrlIsRefusedNamingTheKeyWithoutItsPassword() {
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_STATE_BACKEND", "redis",
                "CALLGUARD_STATE_REDIS_URL", "http://:s3cret-pass@10.0.0.5:6379/0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.redis.url")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-pass"));
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_STATE_BACKEND", "redis", "CALLGUARD_STATE_REDIS_NAMESPACE", "a b")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.redis.namespace");
    }
}
