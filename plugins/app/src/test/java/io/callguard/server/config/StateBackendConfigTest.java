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

    @Test
    void theFallbackIsNoneByDefaultAndLocalOnRequest() {
        Config none = load(Map.of("CALLGUARD_STATE_BACKEND", "redis"));
        assertThat(RedisStateOptions.localFallback(none.modules().view(RedisStateOptions.OPTIONS, null), Duration.ofMillis(150)))
                .isFalse();
        assertThat(RedisStateOptions.probeInterval(none.modules().view(RedisStateOptions.OPTIONS, null)))
                .isEqualTo(Duration.ofSeconds(1));
        Config local = load(Map.of("CALLGUARD_STATE_BACKEND", "redis", "CALLGUARD_STATE_REDIS_FALLBACK", "local",
                "CALLGUARD_STATE_REDIS_PROBE_INTERVAL", "250ms"));
        assertThat(RedisStateOptions.localFallback(local.modules().view(RedisStateOptions.OPTIONS, null), Duration.ofMillis(150)))
                .isTrue();
        assertThat(RedisStateOptions.probeInterval(local.modules().view(RedisStateOptions.OPTIONS, null)))
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aBadFallbackOrProbeIntervalIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_STATE_BACKEND", "redis", "CALLGUARD_STATE_REDIS_FALLBACK", "open")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.redis.fallback")
                .hasMessageContaining("none or local");
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_STATE_BACKEND", "redis", "CALLGUARD_STATE_REDIS_PROBE_INTERVAL", "10ms")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.redis.probeInterval");
    }

    @Test
    void withTheLocalFallbackARedisCallMustFailBeforeTheDecisionsBound() {
        assertThatThrownBy(() -> load(Map.of("CALLGUARD_STATE_BACKEND", "redis", "CALLGUARD_STATE_REDIS_FALLBACK", "local",
                "CALLGUARD_STATE_REDIS_COMMAND_TIMEOUT", "150ms", "CALLGUARD_STATE_TIMEOUT", "150ms")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("state.redis.commandTimeout")
                .hasMessageContaining("shorter than state.timeout");
        // the same values without the fallback: the policies' onStateFailure answers, as before
        load(Map.of("CALLGUARD_STATE_BACKEND", "redis", "CALLGUARD_STATE_REDIS_COMMAND_TIMEOUT", "150ms",
                "CALLGUARD_STATE_TIMEOUT", "150ms"));
    }
}
