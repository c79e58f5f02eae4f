package io.callguard.core.policy;

import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.policy.builtin.DefaultPolicy;
import io.callguard.core.policy.builtin.DefaultPolicyProvider;
import io.callguard.core.policy.builtin.EmergencyPolicy;
import io.callguard.core.policy.builtin.EmergencyPolicyProvider;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;

import static io.callguard.core.policy.TestCalls.ACME;
import static io.callguard.core.policy.TestCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyRegistryTest {
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final PolicyEnvironment base = TestCalls.env(directory, Map.of("leaked", "from base"));
    private final PolicyRegistry registry = PolicyRegistry.withBuiltIns(List.of());

    private PolicyChain build(String... names) {
        return registry.build(Arrays.asList(names), base, Map.of());
    }

    @Test
    void serviceLoaderFindsTheBuiltInPolicies() {
        assertThat(registry.names()).contains("emergency", "default");
    }

    @Test
    void aSharedServiceIsFoundOrNamedMissing() {
        PolicyEnvironment env = new PolicyEnvironment(directory, base.numberingPlan(), base.clock(), Map.of(),
                Map.of(Integer.class, 7));
        assertThat(env.find(Integer.class)).contains(7);
        assertThat(env.service(Integer.class)).isEqualTo(7);
        assertThat(env.find(Long.class)).isEmpty();
        assertThatThrownBy(() -> env.service(Long.class)).isInstanceOf(NoSuchElementException.class)
                .hasMessage("no service Long registered");
    }

    @Test
    void buildsTheEnabledPoliciesInOrder() {
        PolicyChain chain = build("emergency", "default");
        assertThat(chain.policies()).extracting(Policy::name).containsExactly("emergency", "default");
        assertThat(chain.policies().get(0)).isInstanceOf(EmergencyPolicy.class);
        assertThat(chain.policies().get(1)).isInstanceOf(DefaultPolicy.class);
    }

    @Test
    void theBuiltChainDecides() {
        PolicyChain chain = build("emergency", "default");
        assertThat(chain.decide(call(Direction.OUTBOUND, null, "112")).toCompletableFuture().join())
                .isEqualTo(EmergencyPolicy.ALLOW_EMERGENCY);
        assertThat(chain.decide(call(Direction.OUTBOUND, null, "0612345678")).toCompletableFuture().join())
                .isEqualTo(DefaultPolicy.DENY_UNKNOWN_ACCOUNT);
        assertThat(chain.decide(call(Direction.OUTBOUND, ACME, "0612345678")).toCompletableFuture().join())
                .isEqualTo(Decision.allow(3600));
    }

    @Test
    void eachPolicyGetsItsOwnSettingsOnly() {
        AtomicReference<Map<String, Object>> seenA = new AtomicReference<>();
        AtomicReference<Map<String, Object>> seenB = new AtomicReference<>();
        PolicyRegistry r = PolicyRegistry.of(List.of(provider("a", seenA), provider("b", seenB)));
        r.build(List.of("a", "b"), base, Map.of("a", Map.of("limit", 3)));
        assertThat(seenA.get()).isEqualTo(Map.of("limit", 3));
        assertThat(seenB.get()).isEmpty();
    }

    @Test
    void settingsReachTheDefaultPolicy() {
        PolicyChain chain = registry.build(List.of("default"), base,
                Map.of("default", Map.of("unknownAccount", "allow", "defaultMaxSeconds", 99)));
        assertThat(chain.decide(call(Direction.OUTBOUND, null, "0612345678")).toCompletableFuture().join())
                .isEqualTo(Decision.allow(Reasons.UNKNOWN_ACCOUNT, 99L));
    }

    @Test
    void withoutDefaultTheFallbackAllowsForR1Maximum() {
        PolicyChain chain = build("emergency");
        assertThat(chain.decide(call(Direction.OUTBOUND, null, "0612345678")).toCompletableFuture().join())
                .isEqualTo(Decision.allow(7200))
                .isEqualTo(PolicyRegistry.FALLBACK);
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> build("emergency", "suspenssion", "default"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policies[1]: unknown policy 'suspenssion' (known: default, emergency)");
    }

    @Test
    void duplicateNameIsRefused() {
        assertThatThrownBy(() -> build("emergency", "default", "default"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policies[2]: policy 'default' is listed twice (also at policies[1])");
    }

    @Test
    void emptyListIsRefused() {
        assertThatThrownBy(() -> build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policies: the list is empty; enable at least 'default' (known: default, emergency)");
        assertThatThrownBy(() -> registry.build(null, base, Map.of()))
                .hasMessageStartingWith("policies: the list is empty");
    }

    @Test
    void blankNameIsRefused() {
        assertThatThrownBy(() -> build("emergency", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policies[1]: empty policy name (known: default, emergency)");
    }

    @Test
    void emergencyMustComeFirst() {
        assertThatThrownBy(() -> build("default", "emergency"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("policies[1]: 'emergency' must come first (policies[0])")
                .hasMessageContaining("emergency calls must be settled before any other rule");
        PolicyRegistry r = PolicyRegistry.of(List.of(new EmergencyPolicyProvider(), provider("caps", null)));
        assertThatThrownBy(() -> r.build(List.of("caps", "emergency"), base, Map.of()))
                .hasMessageStartingWith("policies[1]: 'emergency' must come first");
    }

    @Test
    void nothingMayFollowDefaultBecauseItWouldNeverBeAsked() {
        PolicyRegistry r = PolicyRegistry.of(List.of(new EmergencyPolicyProvider(), new DefaultPolicyProvider(),
                provider("caps", null)));
        assertThatThrownBy(() -> r.build(List.of("emergency", "default", "caps"), base, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policies[2]: 'caps' comes after 'default', which settles every call, so it would never "
                        + "be asked; move it before 'default'");
    }

    @Test
    void providerSettingErrorsKeepTheirKey() {
        assertThatThrownBy(() -> registry.build(List.of("emergency", "default"), base,
                Map.of("default", Map.of("unknownAccount", "maybe"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy.default.unknownAccount: expected deny or allow, got 'maybe'");
    }

    @Test
    void providerErrorsWithoutAKeyArePrefixedWithIt() {
        PolicyProvider bad = new PolicyProvider() {
            @Override public String name() { return "bad"; }
            @Override public Policy create(PolicyEnvironment env) { throw new IllegalArgumentException("limit must be set"); }
        };
        assertThatThrownBy(() -> PolicyRegistry.of(List.of(bad)).build(List.of("bad"), base, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("policy.bad: limit must be set");
    }

    @Test
    void twoProvidersWithOneNameAreRefused() {
        assertThatThrownBy(() -> PolicyRegistry.of(List.of(new DefaultPolicyProvider(), new DefaultPolicyProvider())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'default'");
    }

    private static PolicyProvider provider(String name, AtomicReference<Map<String, Object>> seen) {
        return new PolicyProvider() {
            @Override public String name() { return name; }

            @Override
            public Policy create(PolicyEnvironment env) {
                if (seen != null) seen.set(env.settings());
                return RecordingPolicy.passing(name);
            }
        };
    }
}
