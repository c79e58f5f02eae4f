package io.callguard.core.module;

import io.callguard.core.config.ConfigValues;
import io.callguard.core.config.ConfigView;
import io.callguard.core.config.Option;
import io.callguard.core.config.OptionType;
import io.callguard.core.policy.CallContext;
import io.callguard.core.policy.Decision;
import io.callguard.core.policy.Policy;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyEnvironment;
import io.callguard.core.policy.PolicyProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleModulesTest {
    private final List<String> events = new ArrayList<>();

    /** Records its lifecycle in {@link #events}; fails its start when asked. */
    private final class Recording implements RuleModule {
        private final String name;
        private final boolean failStart;
        private final List<Option> options;

        Recording(String name, boolean failStart, Option... options) {
            this.name = name;
            this.failStart = failStart;
            this.options = List.of(options);
        }

        @Override public String name() { return name; }

        @Override public List<Option> options() { return options; }

        @Override
        public void start(ModuleContext context) {
            if (failStart) throw new IllegalArgumentException(name + ".x: broken");
            events.add("start " + name);
        }

        @Override
        public List<ModuleTimer> timers() {
            return List.of(ModuleTimer.every(name + "-tick", Duration.ofSeconds(1), () -> events.add("tick " + name)));
        }

        @Override
        public List<ModuleRoute> adminRoutes() {
            return List.of(ModuleRoute.get("/admin/v1/" + name, r -> RouteResponse.ok(List.of(name))));
        }

        @Override public void stop() { events.add("stop " + name); }
    }

    private static final ModuleContext NO_SERVICES = new ModuleContext() {
        @Override public ConfigView config() { return ConfigValues.defaults(List.of()); }

        @Override public <T> T service(Class<T> type) { throw new NoSuchElementException(type.getSimpleName()); }
    };

    @Test
    void findReadsTheRefusalOfServiceAsNone() {
        ModuleContext one = new ModuleContext() {
            @Override public ConfigView config() { return ConfigValues.defaults(List.of()); }

            @Override public <T> T service(Class<T> type) {
                if (type == Integer.class) return type.cast(7);
                throw new NoSuchElementException(type.getSimpleName());
            }
        };
        assertThat(one.find(Integer.class)).contains(7);
        assertThat(one.find(Long.class)).isEmpty();
        assertThat(NO_SERVICES.find(Integer.class)).isEmpty();
    }

    /** Runs nothing by itself: the test fires the timers it scheduled. */
    private final List<ModuleTimer> scheduled = new ArrayList<>();
    private final ModuleScheduler scheduler = timer -> {
        scheduled.add(timer);
        return () -> events.add("cancel " + timer.name());
    };

    @Test
    void startsInOrderThenSchedulesTimersAndStopsInReverse() {
        RuleModules modules = RuleModules.of(List.of(new Recording("a", false), new Recording("b", false)));
        modules.start(NO_SERVICES, scheduler);

        assertThat(events).containsExactly("start a", "start b");
        assertThat(scheduled).extracting(ModuleTimer::name).containsExactly("a-tick", "b-tick");
        scheduled.get(1).task().run();
        assertThat(events).endsWith("tick b");
        assertThat(modules.adminRoutes()).extracting(ModuleRoute::path).containsExactly("/admin/v1/a", "/admin/v1/b");

        events.clear();
        modules.stop();
        assertThat(events).containsExactly("cancel a-tick", "cancel b-tick", "stop b", "stop a");
        assertThat(modules.adminRoutes()).as("a stopped module serves nothing").isEmpty();
    }

    @Test
    void aFailedStartStopsTheModulesAlreadyStartedInReverse() {
        RuleModules modules = RuleModules.of(List.of(new Recording("a", false), new Recording("b", false),
                new Recording("c", true)));
        assertThatThrownBy(() -> modules.start(NO_SERVICES, scheduler))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("c.x: broken");
        assertThat(events).containsExactly("start a", "start b", "cancel a-tick", "cancel b-tick", "stop b", "stop a");
    }

    @Test
    void enabledKeepsTheNamedModulesInTheNamedOrder() {
        RuleModules all = RuleModules.of(List.of(new Recording("a", false), new Recording("b", false)));
        assertThat(all.enabled(List.of("b", "a")).all()).extracting(RuleModule::name).containsExactly("b", "a");
        assertThatThrownBy(() -> all.enabled(List.of("a", "zz")))
                .hasMessage("unknown rule module 'zz' (known: a, b)");
    }

    @Test
    void aKeyIsDeclaredByOneModuleOnly() {
        Option key = Option.of("toy.period", OptionType.DURATION, "1s", "how often");
        assertThat(RuleModules.of(List.of(new Recording("a", false, key))).options()).containsExactly(key);
        assertThatThrownBy(() -> RuleModules.of(List.of(new Recording("a", false, key), new Recording("b", false, key))))
                .hasMessage("option toy.period is declared by both a and b");
        assertThatThrownBy(() -> RuleModules.of(List.of(new Recording("a", false), new Recording("a", false))))
                .hasMessage("two rule modules are named 'a'");
    }

    @Test
    void routesAndTimersAreCheckedWhenDeclared() {
        assertThatThrownBy(() -> ModuleRoute.get("admin/v1/x", r -> RouteResponse.noContent()))
                .hasMessageContaining("must be /segments with {parameters}");
        assertThat(ModuleRoute.get("/admin/v1/trunks/{trunkId}/usage", r -> RouteResponse.noContent()).path())
                .isEqualTo("/admin/v1/trunks/{trunkId}/usage");
        assertThatThrownBy(() -> ModuleTimer.every("t", Duration.ZERO, () -> { }))
                .hasMessage("t: period must be positive, got PT0S");
        assertThatThrownBy(() -> new RouteResponse(200, null, "not found"))
                .hasMessage("a problem needs a 4xx or 5xx status");
        assertThat(RouteResponse.notFound("trunk 'x' not found").problem()).isTrue();
    }

    /** Offers what it is given: policies declared before its start, services once started; keeps the chain it hears. */
    private record Offering(String name, List<PolicyProvider> policies, Map<Class<?>, Object> offered,
                            List<PolicyChain> chains) implements RuleModule {
        Offering(String name, List<PolicyProvider> policies, Map<Class<?>, Object> offered) {
            this(name, policies, offered, new ArrayList<>());
        }

        @Override public Map<Class<?>, Object> services() { return offered; }

        @Override public void chainBuilt(PolicyChain chain) { chains.add(chain); }
    }

    private static PolicyProvider provider(String name) {
        return new PolicyProvider() {
            @Override public String name() { return name; }

            @Override public Policy create(PolicyEnvironment environment) { throw new UnsupportedOperationException(); }
        };
    }

    @Test
    void servicesAreOfferedOnceStartedAndEachTypeByOneModuleOnly() {
        RuleModules modules = RuleModules.of(List.of(new Offering("a", List.of(), Map.of(Integer.class, 1)),
                new Offering("b", List.of(), Map.of(Long.class, 2L))));
        assertThat(modules.services()).as("not started").isEmpty();
        modules.start(NO_SERVICES, scheduler);
        assertThat(modules.services()).containsExactlyInAnyOrderEntriesOf(Map.of(Integer.class, 1, Long.class, 2L));
        modules.stop();
        assertThat(modules.services()).isEmpty();

        RuleModules clash = RuleModules.of(List.of(new Offering("a", List.of(), Map.of(Integer.class, 1)),
                new Offering("b", List.of(), Map.of(Integer.class, 2))));
        clash.start(NO_SERVICES, scheduler);
        assertThat(clash.services()).as("a type two modules declare is no single service").doesNotContainKey(Integer.class);
        assertThat(clash.servicesOf(Integer.class)).containsExactly(1, 2);
    }

    @Test
    void servicesLeaveOutTheTypesSeveralModulesOffer() {
        RuleModules modules = RuleModules.of(List.of(new Offering("a", List.of(), Map.of(Integer.class, 1)),
                new Offering("b", List.of(), Map.of(Long.class, 2L)), new Offering("c", List.of(), Map.of(Integer.class, 3))));
        assertThat(modules.services()).as("not started").isEmpty();
        modules.start(NO_SERVICES, scheduler);
        assertThat(modules.services()).containsExactlyEntriesOf(Map.of(Long.class, 2L));
        assertThat(modules.servicesOf(Integer.class)).containsExactly(1, 3);
    }

    @Test
    void everyStartedModulesServiceOfATypeIsFoundEvenWhenSeveralDeclareOne() {
        RuleModules modules = RuleModules.of(List.of(new Offering("a", List.of(), Map.of(Integer.class, 1)),
                new Offering("b", List.of(), Map.of(Long.class, 2L)), new Offering("c", List.of(), Map.of(Integer.class, 3))));
        assertThat(modules.servicesOf(Integer.class)).as("not started").isEmpty();
        modules.start(NO_SERVICES, scheduler);
        assertThat(modules.servicesOf(Integer.class)).as("in start order").containsExactly(1, 3);
        assertThat(modules.servicesOf(Long.class)).containsExactly(2L);
        assertThat(modules.servicesOf(String.class)).isEmpty();
        modules.stop();
        assertThat(modules.servicesOf(Integer.class)).isEmpty();
    }

    @Test
    void aLookUpDuringTheStartSeesTheModulesStartedSoFarAndALaterOneSeesEveryStartedModule() {
        List<List<Integer>> seenAtStart = new ArrayList<>();
        RuleModules[] holder = new RuleModules[1];
        RuleModule asking = new RuleModule() {
            @Override public String name() { return "b"; }

            @Override public void start(ModuleContext context) { seenAtStart.add(holder[0].servicesOf(Integer.class)); }
        };
        holder[0] = RuleModules.of(List.of(new Offering("a", List.of(), Map.of(Integer.class, 1)), asking,
                new Offering("c", List.of(), Map.of(Integer.class, 3))));
        holder[0].start(NO_SERVICES, scheduler);
        assertThat(seenAtStart).containsExactly(List.of(1));
        assertThat(holder[0].servicesOf(Integer.class)).as("asked again once every module started").containsExactly(1, 3);
        assertThat(holder[0].servicesOf(Integer.class)).isSameAs(holder[0].servicesOf(Integer.class));
    }

    @Test
    void aContextWithoutAllFindsItsOneServiceOrNone() {
        ModuleContext one = new ModuleContext() {
            @Override public ConfigView config() { return ConfigValues.defaults(List.of()); }

            @Override
            public <T> T service(Class<T> type) {
                if (type == Integer.class) return type.cast(7);
                throw new NoSuchElementException(type.getSimpleName());
            }
        };
        assertThat(one.all(Integer.class)).containsExactly(7);
        assertThat(one.all(Long.class)).isEmpty();
    }

    @Test
    void policiesComeFromTheStartedModulesOnlyAndEachKnowsItsModule() {
        Offering a = new Offering("a", List.of(provider("pa1"), provider("pa2")), Map.of());
        Offering b = new Offering("b", List.of(provider("pb")), Map.of());
        RuleModules all = RuleModules.of(List.of(a, b));
        assertThat(all.policyOwners()).containsExactly(Map.entry("pa1", "a"), Map.entry("pa2", "a"), Map.entry("pb", "b"));
        RuleModules onlyB = all.enabled(List.of("b"));
        assertThat(onlyB.policies()).as("not started").isEmpty();
        onlyB.start(NO_SERVICES, scheduler);
        assertThat(onlyB.policies()).extracting(PolicyProvider::name).containsExactly("pb");

        PolicyChain chain = new PolicyChain(List.of(new Policy() {
            @Override public String name() { return "pb"; }

            @Override public CompletionStage<Optional<Decision>> evaluate(CallContext call) { return PASS; }
        }), Decision.allow(60));
        onlyB.chainBuilt(chain);
        assertThat(b.chains()).containsExactly(chain);
        assertThat(a.chains()).as("not started: not told").isEmpty();
        onlyB.stop();
        assertThat(onlyB.policies()).isEmpty();
    }

    @Test
    void moduleServicesFindTheAppsFirstThenOneModulesAndListTheSharedTypes() {
        RuleModules modules = RuleModules.of(List.of(new Offering("a", List.of(), Map.of(Integer.class, 1, Long.class, 2L)),
                new Offering("b", List.of(), Map.of(Integer.class, 3))));
        ModuleServices services = new ModuleServices(modules, Map.of(String.class, "app"));
        ModuleContext context = services.context(ConfigValues.defaults(List.of()));
        modules.start(context, scheduler);
        assertThat(context.service(String.class)).isEqualTo("app");
        assertThat(context.find(Long.class)).contains(2L);
        assertThat(context.find(Short.class)).isEmpty();
        assertThatThrownBy(() -> context.service(Short.class)).isInstanceOf(NoSuchElementException.class)
                .hasMessage("no service Short registered");
        assertThatThrownBy(() -> services.find(Integer.class)).hasMessageContaining("offered by several modules");
        assertThat(context.all(Integer.class)).containsExactly(1, 3);
        services.checkNoModuleHidesTheApps();

        RuleModules both = RuleModules.of(List.of(new Offering("a", List.of(), Map.of(Integer.class, 1)),
                new Offering("b", List.of(), Map.of(Integer.class, 3))));
        ModuleHost host = new ModuleHost(both, scheduler);
        assertThat(host.all(Integer.class)).as("before the start").isEmpty();
        host.start(ConfigValues.defaults(List.of()), new java.util.ArrayList<>(), Map.of());
        assertThat(host.all(Integer.class)).as("each module's, in start order").containsExactly(1, 3);
        host.stop();

        RuleModules hiding = RuleModules.of(List.of(new Offering("c", List.of(), Map.of(String.class, "module"))));
        ModuleServices clash = new ModuleServices(hiding, Map.of(String.class, "app"));
        hiding.start(clash.context(ConfigValues.defaults(List.of())), scheduler);
        assertThatThrownBy(clash::checkNoModuleHidesTheApps).hasMessage("a service String is already registered");
    }
}
