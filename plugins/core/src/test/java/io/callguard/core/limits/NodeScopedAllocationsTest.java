package io.callguard.core.limits;

import io.callguard.core.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeScopedAllocationsTest {
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private final InMemoryAllocations shared = new InMemoryAllocations(new MutableClock(T0));
    private final NodeScopedAllocations a = new NodeScopedAllocations(shared, "node-a");
    private final NodeScopedAllocations b = new NodeScopedAllocations(shared, "node-b");

    @Test
    void equalUniqueidsOfTwoNodesAreTwoHoldersAndTheLimitCountsBoth() {
        Instant until = T0.plusSeconds(60);
        assertThat(a.allocate("trunk:t0", "1733.1", 2, until, T0)).isTrue();
        assertThat(b.allocate("trunk:t0", "1733.1", 2, until, T0)).as("same uniqueid, other Asterisk").isTrue();
        assertThat(a.allocate("trunk:t0", "1733.2", 2, until, T0)).isFalse();
        assertThat(a.inUse("trunk:t0", T0)).isEqualTo(2);
        assertThat(b.inUse("trunk:t0", T0)).isEqualTo(2);
    }

    @Test
    void aNodeListsAndReleasesOnlyItsOwnHolders() {
        Instant until = T0.plusSeconds(60);
        a.allocate("trunk:t0", "1733.1", 2, until, T0);
        b.forceAllocate("trunk:t0", "1733.1", until, T0);
        assertThat(a.holders("trunk:t0", T0)).extracting(Allocation::holder).containsExactly("1733.1");
        assertThat(b.holders("trunk:t0", T0)).singleElement().satisfies(x -> assertThat(x.forced()).isTrue());
        assertThat(a.releaseHolder("1733.1", "trunk:")).isEqualTo(1);
        assertThat(b.holders("trunk:t0", T0)).hasSize(1);
        assertThat(shared.inUse("trunk:t0", T0)).isEqualTo(1);
        assertThat(b.release("trunk:t0", "1733.1")).isTrue();
        assertThat(shared.inUse("trunk:t0", T0)).isZero();
    }

    @Test
    void theNonBlockingVariantsAreScopedToo() {
        Instant until = T0.plusSeconds(60);
        a.forceAllocateAsync("trunk:t0", "1733.9", until, T0).toCompletableFuture().join();
        assertThat(shared.holders("trunk:t0", T0)).extracting(Allocation::holder).containsExactly("node-a|1733.9");
        assertThat(b.releaseHolderAsync("1733.9", "trunk:").toCompletableFuture().join()).as("not b's").isZero();
        assertThat(a.allocateAsync("trunk:t0", "1733.8", 2, until, T0).toCompletableFuture().join()).isTrue();
        assertThat(a.releaseAsync("trunk:t0", "1733.8").toCompletableFuture().join()).isTrue();
        assertThat(a.releaseHolderAsync("1733.9", "trunk:").toCompletableFuture().join()).isEqualTo(1);
    }

    /** A default of the port left to itself would call the shared backend's blocking variant, unscoped. */
    @Test
    void everyMethodOfThePortIsOverridden() {
        for (java.lang.reflect.Method m : Allocations.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) continue;
            assertThat(org.junit.platform.commons.util.ReflectionUtils.findMethod(NodeScopedAllocations.class,
                    m.getName(), m.getParameterTypes()))
                    .as(m.toString()).hasValueSatisfying(x -> assertThat(x.getDeclaringClass()).isEqualTo(NodeScopedAllocations.class));
        }
    }

    @Test
    void aNodeIdThatCouldBreakTheKeysIsRefused() {
        assertThatThrownBy(() -> new NodeScopedAllocations(shared, "a|b")).hasMessageContaining("node id must match");
        assertThatThrownBy(() -> new NodeScopedAllocations(shared, "")).hasMessageContaining("node id must match");
        assertThatThrownBy(() -> a.allocate("trunk:t0", " ", 2, T0.plusSeconds(1), T0)).hasMessageContaining("blank holder");
    }
}
