package io.callguard.server.config;

import io.callguard.asterisk.ami.AmiSettings;
import io.callguard.hep.HepOptions;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.core.config.ModuleValues;
import io.callguard.http.ListenerOptions;
import io.callguard.store.StoreOptions;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole, validated configuration. Built by {@link ConfigLoader}; every part is immutable and its toString
 * masks secrets (AMI secret, DB password, admin token). Each adapter reads its own keys ({@link FastAgiOptions},
 * {@link io.callguard.asterisk.ami.AmiOptions}, {@link StoreOptions}, {@link ListenerOptions}); the rule modules' keys
 * (the call caps' among them) are in {@link #modules()}, read by each module at its start.
 */
public record Config(FastAgiOptions fastAgi, AmiSettings ami, StoreOptions store, ListenerOptions admin,
                     Numbering numbering, Policies policies, Shutdown shutdown,
                     ListenerOptions cti, ModuleValues modules, HepOptions hep) {

    /** A configuration without the HEP collector (off, its defaults). */
    public Config(FastAgiOptions fastAgi, AmiSettings ami, StoreOptions store, ListenerOptions admin,
                  Numbering numbering, Policies policies, Shutdown shutdown, ListenerOptions cti, ModuleValues modules) {
        this(fastAgi, ami, store, admin, numbering, policies, shutdown, cti, modules,
                new HepOptions(false, "127.0.0.1", 9060, 65535, ""));
    }

    /** @param emergencyNumbers short numbers that are always routed, digits only */
    public record Numbering(List<String> emergencyNumbers) {
        public Numbering { emergencyNumbers = List.copyOf(emergencyNumbers); }
    }

    /**
     * @param enabled  policy names in chain order (configuration key {@code policies})
     * @param settings policy name → its settings ({@code policy.<name>.<setting>}), defaults, file and environment merged
     */
    public record Policies(List<String> enabled, Map<String, Map<String, Object>> settings) {
        public Policies {
            enabled = List.copyOf(enabled);
            Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
            settings.forEach((name, s) -> copy.put(name, Map.copyOf(s)));
            settings = Map.copyOf(copy);
        }

        /** The settings of one policy, empty when none are configured. */
        public Map<String, Object> settingsOf(String policy) { return settings.getOrDefault(policy, Map.of()); }
    }

    /** @param drainTimeout on stop, how long in-flight FastAGI sessions may finish (default 5 s) */
    public record Shutdown(Duration drainTimeout) { }
}
