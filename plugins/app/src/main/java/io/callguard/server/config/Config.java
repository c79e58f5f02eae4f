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
                     ListenerOptions cti, ModuleValues modules, HepOptions hep, Cluster cluster, Logging logging) {

    /** A configuration logging as text. */
    public Config(FastAgiOptions fastAgi, AmiSettings ami, StoreOptions store, ListenerOptions admin,
                  Numbering numbering, Policies policies, Shutdown shutdown, ListenerOptions cti, ModuleValues modules,
                  HepOptions hep, Cluster cluster) {
        this(fastAgi, ami, store, admin, numbering, policies, shutdown, cti, modules, hep, cluster, Logging.TEXT);
    }

    /** A configuration of one node named after the host, reloading every 30 s ({@link Cluster#DEFAULT_RELOAD}). */
    public Config(FastAgiOptions fastAgi, AmiSettings ami, StoreOptions store, ListenerOptions admin,
                  Numbering numbering, Policies policies, Shutdown shutdown, ListenerOptions cti, ModuleValues modules,
                  HepOptions hep) {
        this(fastAgi, ami, store, admin, numbering, policies, shutdown, cti, modules, hep,
                new Cluster(Cluster.hostName(), Cluster.DEFAULT_RELOAD));
    }

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

    /**
     * Several nodes on one PostgreSQL store ({@code docs/cluster.md}).
     *
     * @param nodeId         {@code node.id}: this node's name in the change notifications (default: the host name)
     * @param reloadInterval {@code cluster.reloadInterval}: every cached configuration reloaded from the shared store
     *                       this often, the safety net of the notifications; zero = never
     */
    public record Cluster(String nodeId, Duration reloadInterval) {
        public static final Duration DEFAULT_RELOAD = Duration.ofSeconds(30);
        /** What a node id may be made of (it travels in every notification and names the node in logs). */
        public static final String NODE_ID_PATTERN = "[A-Za-z0-9._-]{1,64}";

        /** The machine's host name ({@code HOSTNAME}, else the resolver's), {@code localhost} when it cannot be told. */
        public static String hostName() {
            String env = System.getenv("HOSTNAME");
            if (env != null && env.matches(NODE_ID_PATTERN)) return env;
            try {
                String h = java.net.InetAddress.getLocalHost().getHostName();
                if (h != null && h.matches(NODE_ID_PATTERN)) return h;
            } catch (java.net.UnknownHostException e) {
                // fall through: a machine without a resolvable name
            }
            return "localhost";
        }
    }

    /**
     * @param format {@code logging.format}: {@code text} (the pattern of logback.xml) or {@code json} (one JSON object
     *               per line, the call's {@code uniqueId} and {@code accountId} as fields: {@link io.callguard.server.LogFormat})
     */
    public record Logging(String format) {
        public static final String TEXT_FORMAT = "text";
        public static final String JSON_FORMAT = "json";
        public static final Logging TEXT = new Logging(TEXT_FORMAT);

        public boolean json() { return JSON_FORMAT.equals(format); }
    }

    /** @param drainTimeout on stop, how long in-flight FastAGI sessions may finish (default 5 s) */
    public record Shutdown(Duration drainTimeout) { }
}
