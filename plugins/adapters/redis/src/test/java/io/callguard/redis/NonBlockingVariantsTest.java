package io.callguard.redis;

import io.callguard.core.limits.Allocations;
import io.callguard.core.state.CreditReservations;
import io.callguard.core.state.IdempotencyKeys;
import io.callguard.core.state.SlidingWindows;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every non-blocking variant of the state port is Redis's own: the port's defaults call the blocking variants, which
 * would hold an event loop for a network round trip (a policy, an AMI hang-up).
 */
class NonBlockingVariantsTest {
    @Test
    void everyAsyncVariantOfThePortIsImplementedNatively() throws Exception {
        Map<Class<?>, Class<?>> implementations = Map.of(Allocations.class, RedisAllocations.class,
                SlidingWindows.class, RedisSlidingWindows.class, IdempotencyKeys.class, RedisIdempotencyKeys.class,
                CreditReservations.class, RedisCreditReservations.class);
        for (Map.Entry<Class<?>, Class<?>> e : implementations.entrySet()) {
            for (Method m : e.getKey().getMethods()) {
                if (!m.getName().endsWith("Async")) continue;
                Method impl = e.getValue().getMethod(m.getName(), m.getParameterTypes());
                assertThat(impl.getDeclaringClass()).as(e.getValue().getSimpleName() + "." + m.getName()).isEqualTo(e.getValue());
            }
        }
    }
}
