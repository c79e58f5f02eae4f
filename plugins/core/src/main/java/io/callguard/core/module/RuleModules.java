package io.callguard.core.module;

import io.callguard.core.calls.CallTrackerListener;
import io.callguard.core.config.Option;
import io.callguard.core.policy.PolicyChain;
import io.callguard.core.policy.PolicyRegistry;
import io.callguard.core.policy.PolicyProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;

/**
 * The rule modules of one app, in start order: the registry that finds them, the union of what they declare, and
 * their lifecycle (start in order, stop in reverse, a failed start stopping those already started).
 */
public final class RuleModules {
    private static final Logger LOG = LoggerFactory.getLogger(RuleModules.class);

    private final List<RuleModule> modules;
    private final List<RuleModule> started = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    /**
     * {@link #servicesOf}'s answers since {@link #started} last changed: asked for on every call record (its
     * listeners), so read without the lock; a module's services are fixed once it started.
     */
    private final Map<Class<?>, List<?>> servicesByType = new java.util.concurrent.ConcurrentHashMap<>();

    private RuleModules(List<RuleModule> modules) {
        Map<String, RuleModule> byName = new HashMap<>();
        Map<String, String> ownerOfKey = new HashMap<>();
        for (RuleModule m : modules) {
            if (byName.putIfAbsent(m.name(), m) != null) {
                throw new IllegalStateException("two rule modules are named '" + m.name() + "'");
            }
            for (Option o : m.options()) {
                String other = ownerOfKey.putIfAbsent(o.path(), m.name());
                if (other != null) {
                    throw new IllegalStateException("option " + o.path() + " is declared by both " + other + " and " + m.name());
                }
            }
        }
        this.modules = List.copyOf(modules);
    }

    /** The modules on the class path ({@link ServiceLoader}), ordered by name. */
    public static RuleModules discover() {
        List<RuleModule> found = new ArrayList<>();
        ServiceLoader.load(RuleModule.class, RuleModules.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparing(RuleModule::name));
        return new RuleModules(found);
    }

    /** These modules, in this order (tests, embedded apps). */
    public static RuleModules of(List<? extends RuleModule> modules) { return new RuleModules(new ArrayList<>(modules)); }

    /**
     * Only the modules named, in the order named.
     *
     * @throws IllegalArgumentException naming the unknown module and the known ones
     */
    public RuleModules enabled(List<String> names) {
        Map<String, RuleModule> byName = new LinkedHashMap<>();
        modules.forEach(m -> byName.put(m.name(), m));
        List<RuleModule> chosen = new ArrayList<>();
        for (String n : names) {
            RuleModule m = byName.get(n);
            if (m == null) {
                throw new IllegalArgumentException("unknown rule module '" + n + "' (known: " + String.join(", ", byName.keySet()) + ")");
            }
            if (!chosen.contains(m)) chosen.add(m);
        }
        return new RuleModules(chosen);
    }

    public List<RuleModule> all() { return modules; }

    /** Every option the modules declare (each key declared by one module only, checked at construction). */
    public List<Option> options() { return flat(RuleModule::options, modules); }

    /**
     * Starts each module, then schedules its timers. When a start throws, the modules already started are stopped in
     * reverse and the failure is thrown again.
     */
    public synchronized void start(ModuleContext context, ModuleScheduler scheduler) {
        if (!started.isEmpty()) throw new IllegalStateException("rule modules already started");
        for (RuleModule m : modules) {
            try {
                m.start(context);
                started.add(m);
                servicesByType.clear();
                for (ModuleTimer t : m.timers()) timers.add(scheduler.schedule(t));
            } catch (RuntimeException e) {
                stop();
                throw e;
            }
        }
    }

    /** Cancels every timer, then stops the started modules in reverse order; a failing stop is logged, not thrown. */
    public synchronized void stop() {
        timers.forEach(Runnable::run);
        timers.clear();
        for (int i = started.size() - 1; i >= 0; i--) {
            RuleModule m = started.get(i);
            try {
                m.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping rule module {} failed: {}", m.name(), e.toString());
            }
        }
        started.clear();
        servicesByType.clear();
    }

    /** Admin routes of the started modules, in start order. */
    public synchronized List<ModuleRoute> adminRoutes() { return flat(RuleModule::adminRoutes, started); }

    /** CTI routes of the started modules, in start order. */
    public synchronized List<ModuleRoute> ctiRoutes() { return flat(RuleModule::ctiRoutes, started); }

    /** Call listeners of the started modules, in start order. */
    public synchronized List<CallTrackerListener> callListeners() { return flat(RuleModule::callListeners, started); }

    /** The policy providers of the started modules ({@link RuleModule#policies}), in start order. */
    public synchronized List<PolicyProvider> policies() { return flat(RuleModule::policies, started); }

    /**
     * Which of these modules, started or not, provides each policy: policy name → module name. Tells an operator
     * which module to enable for a policy listed in {@code policies}.
     */
    public Map<String, String> policyOwners() {
        Map<String, String> out = new LinkedHashMap<>();
        for (RuleModule m : modules) {
            for (PolicyProvider p : m.policies()) out.putIfAbsent(p.name(), m.name());
        }
        return out;
    }

    /**
     * Checks the {@code policies} list against every policy of these modules and the built-in ones (unknown, listed
     * twice, misplaced), then that each named policy's module is among {@code enabled}: the chain is built from the
     * started modules only, so a policy of a module left out would otherwise read as unknown.
     *
     * @throws IllegalArgumentException naming the entry of {@code names} that is wrong
     */
    public void checkPolicyNames(List<String> names, RuleModules enabled, List<String> enabledNames) {
        PolicyRegistry.withBuiltIns(modules.stream().flatMap(m -> m.policies().stream()).toList()).check(names);
        Map<String, String> owners = policyOwners();
        Map<String, String> startable = enabled.policyOwners();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim();
            String module = owners.get(name);
            if (module != null && !startable.containsKey(name)) {
                throw new IllegalArgumentException("policies[" + i + "]: '" + name + "' belongs to rule module '" + module
                        + "', which is not enabled (modules: " + String.join(", ", enabledNames) + ")");
            }
        }
    }

    /** Hands the app's decision chain to each started module ({@link RuleModule#chainBuilt}), in start order. */
    public synchronized void chainBuilt(PolicyChain chain) {
        for (RuleModule m : started) m.chainBuilt(chain);
    }

    /**
     * The services of the started modules ({@link RuleModule#services}) that one module only declares, by type: what a
     * single look-up may return. A type several modules declare (a listener such as {@code AccountRemovalListener})
     * is left out: it is asked for as a list ({@link #servicesOf}).
     */
    public synchronized Map<Class<?>, Object> services() { return unique(RuleModule::services, started); }

    /**
     * Every started module's service of {@code type} ({@link RuleModule#services}), in start order: several modules
     * may declare one of a listener-like type, which {@link #services()} leaves out.
     */
    @SuppressWarnings("unchecked")
    public <T> List<T> servicesOf(Class<T> type) {
        List<?> known = servicesByType.get(type);
        if (known != null) return (List<T>) known;
        synchronized (this) {
            List<T> found = collectServices(type);
            servicesByType.put(type, found);
            return found;
        }
    }

    private <T> List<T> collectServices(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (RuleModule m : started) {
            Object s = m.services().get(type);
            if (s != null) out.add(type.cast(s));
        }
        return List.copyOf(out);
    }

    /** Each module's Flyway locations, in module order (modules without tables left out). */
    public Map<String, List<String>> migrations() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (RuleModule m : modules) {
            if (!m.migrations().isEmpty()) out.put(m.name(), List.copyOf(m.migrations()));
        }
        return out;
    }

    private static Map<Class<?>, Object> unique(Function<RuleModule, Map<Class<?>, Object>> part, List<RuleModule> of) {
        Map<Class<?>, Object> out = new LinkedHashMap<>();
        Set<Class<?>> several = new HashSet<>();
        for (RuleModule m : of) {
            for (Map.Entry<Class<?>, Object> e : part.apply(m).entrySet()) {
                if (out.putIfAbsent(e.getKey(), e.getValue()) != null) several.add(e.getKey());
            }
        }
        out.keySet().removeAll(several);
        return out;
    }

    private static <T> List<T> flat(Function<RuleModule, List<T>> part, List<RuleModule> of) {
        List<T> out = new ArrayList<>();
        for (RuleModule m : of) out.addAll(part.apply(m));
        return List.copyOf(out);
    }
}
