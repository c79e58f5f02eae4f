package io.callguard.asterisk;

import io.callguard.asterisk.ami.AmiCallControl;
import io.callguard.asterisk.ami.AmiClient;
import io.callguard.asterisk.ami.AmiFirstSyncs;
import io.callguard.asterisk.ami.AmiLiveCallFeed;
import io.callguard.asterisk.ami.AmiServer;
import io.callguard.asterisk.fastagi.AgiAttribution;
import io.callguard.asterisk.ami.AmiMetrics;
import io.callguard.core.metrics.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.callguard.asterisk.ami.AmiSettings;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.asterisk.fastagi.FastAgiServer;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.calls.LiveCall;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.control.LiveCallFeed;
import io.callguard.core.policy.DecisionEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Asterisk side of one app: the AMI links (when {@code ami.enabled}; one per configured Asterisk server, its
 * calls' ids qualified with its name when there are several) behind the call-control port and the live-call
 * feed, and the FastAGI listener (attributing each session to its server). The app starts AMI once the rule modules started (their listeners hear its first
 * resynchronisation) and FastAGI last.
 */
public final class AsteriskAdapter {
    private final Vertx vertx;
    private final AmiSettings ami;
    private final FastAgiOptions fastAgiOptions;
    private final CallTracker tracker;
    private final Clock clock;
    private final AmiCallControl callControl;
    private final AmiLiveCallFeed liveCallFeed;
    private final AgiAttribution attribution;
    /** One per server, in configuration order; empty until started (and when AMI is disabled). */
    private volatile List<AmiClient> clients = List.of();
    private final MeterRegistry registry;
    private volatile FastAgiServer fastAgi;

    public AsteriskAdapter(Vertx vertx, AmiSettings ami, FastAgiOptions fastAgi, CallTracker tracker, Clock clock) {
        this(vertx, ami, fastAgi, tracker, clock, Meters.none());
    }

    /** @param registry where FastAGI and AMI count (docs/metrics.md) */
    public AsteriskAdapter(Vertx vertx, AmiSettings ami, FastAgiOptions fastAgi, CallTracker tracker, Clock clock,
                           MeterRegistry registry) {
        this.registry = registry;
        this.vertx = vertx;
        this.ami = ami;
        this.fastAgiOptions = fastAgi;
        this.tracker = tracker;
        this.clock = clock;
        Map<String, List<String>> agi = new LinkedHashMap<>();
        for (AmiServer server : ami.servers()) agi.put(server.name(), server.agiAddresses());
        // host names resolved once, here (the app builds its adapters before the event loops run its work)
        this.attribution = ami.several() ? AgiAttribution.of(agi) : AgiAttribution.SINGLE;
        this.callControl = AmiCallControl.of(() -> ami.enabled() ? clients : List.of());
        this.liveCallFeed = AmiLiveCallFeed.of(ami.enabled(), () -> clients);
        // per server: 1 while logged in and its last ping was answered (docs/metrics.md)
        for (AmiServer server : ami.servers()) {
            Gauge.builder(Meters.PREFIX + "ami.connected", this, a -> a.amiConnected(server.name()) ? 1 : 0)
                    .description("1 while logged in to this AMI server and its last ping was answered, else 0 (also when ami.enabled is false)")
                    .tag("server", server.name()).register(registry);
        }
    }

    /** Hangs up and originates over AMI (fails clearly while AMI is disabled or down). */
    public CallControl callControl() { return callControl; }

    /** AMI's events into the call tracker, as the rule modules that reconcile against them see it. */
    public LiveCallFeed liveCallFeed() { return liveCallFeed; }

    /**
     * The AMI hang-up, except that without AMI it refuses (rather than only logging): a suspension then leaves the
     * call out of its audit entry instead of listing a call it could not cut.
     */
    public ChannelHangup hangupOrRefuse() {
        return new ChannelHangup() {
            @Override public void hangup(String channel, int cause) {
                if (!ami.enabled()) throw new IllegalStateException("AMI is disabled (ami.enabled=false)");
                callControl.hangup(channel, cause);
            }

            @Override public void hangup(LiveCall call, int cause) {
                if (!ami.enabled()) throw new IllegalStateException("AMI is disabled (ami.enabled=false)");
                callControl.hangup(call, cause);
            }
        };
    }

    /**
     * Connects AMI (nothing when disabled); {@code listeners} hear callguard's call events (click-to-call, the call
     * records), in this order, each isolated: one that throws is logged and the others still hear the event.
     */
    public Future<Void> startAmi(List<CallEventListener> listeners) {
        if (!ami.enabled()) return Future.succeededFuture();
        List<AmiClient> started = new ArrayList<>();
        AmiFirstSyncs firstSyncs = new AmiFirstSyncs(ami.servers().stream().map(AmiServer::name).toList());
        for (AmiServer server : ami.servers()) {
            // with several servers, each one's ids are qualified with its name
            AmiClient c = new AmiClient(vertx, server.options(), tracker, clock, ami.several() ? server.name() : null,
                    firstSyncs);
            c.metrics(new AmiMetrics(registry, server.name()));
            listeners.forEach(c::addEventListener);
            started.add(c);
        }
        clients = List.copyOf(started);
        return Future.all(started.stream().map(AmiClient::start).toList()).mapEmpty();
    }

    public boolean amiEnabled() { return ami.enabled(); }

    /** Whether every configured server's AMI link is up (the readiness probe's ami check). */
    public boolean amiConnected() {
        List<AmiClient> all = clients;
        return !all.isEmpty() && all.stream().allMatch(AmiClient::connected);
    }

    /** Whether that server's AMI link is up (logged in, its last ping answered). */
    public boolean amiConnected(String server) { return "UP".equals(amiServers().get(server)); }

    /** Each server's AMI state by name, in configuration order: {@code UP}, {@code DOWN} or {@code DISABLED}. */
    public Map<String, String> amiServers() {
        Map<String, String> out = new LinkedHashMap<>();
        List<AmiClient> all = clients;
        for (int i = 0; i < ami.servers().size(); i++) {
            String state = !ami.enabled() ? "DISABLED" : i < all.size() && all.get(i).connected() ? "UP" : "DOWN";
            out.put(ami.servers().get(i).name(), state);
        }
        return out;
    }

    /** The configured servers (one in the single-server form). */
    public List<AmiServer> servers() { return ami.servers(); }

    /** Binds FastAGI; completes with its port (the chosen one for port 0), or fails with the bind failure as is. */
    public Future<Integer> startFastAgi(DecisionEngine engine) {
        FastAgiServer server = new FastAgiServer(vertx, fastAgiOptions, engine, attribution, registry);
        fastAgi = server;
        return server.start();
    }

    /**
     * FastAGI's connection counters, once it exists, and each Asterisk server's AMI link ({@code ami}: name →
     * {@code state} UP, DOWN or DISABLED, {@code host}, {@code port}), for {@code GET /admin/v1/listeners}.
     */
    public JsonObject fastAgiConnections() {
        FastAgiServer agi = fastAgi;
        JsonObject out = agi == null ? new JsonObject() : new JsonObject().put("fastagi", new JsonObject()
                .put("open", agi.activeSessions()).put("maxConnections", fastAgiOptions.maxConnections())
                .put("refused", agi.refusedConnections()));
        JsonObject servers = new JsonObject();
        Map<String, String> states = amiServers();
        for (AmiServer server : ami.servers()) {
            servers.put(server.name(), new JsonObject().put("state", states.get(server.name()))
                    .put("host", server.options().host()).put("port", server.options().port()));
        }
        return out.put("ami", servers);
    }

    /** Stops accepting FastAGI sessions and lets those in flight finish within {@code drain}. */
    public Future<Void> stopFastAgi(boolean bound, Duration drain) {
        FastAgiServer agi = fastAgi;
        return agi == null || !bound ? Future.succeededFuture() : agi.stop(drain);
    }

    public Future<Void> stopAmi() {
        List<AmiClient> all = clients;
        return all.isEmpty() ? Future.succeededFuture() : Future.all(all.stream().map(AmiClient::stop).toList()).mapEmpty();
    }
}
