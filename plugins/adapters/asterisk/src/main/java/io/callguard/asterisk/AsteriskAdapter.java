package io.callguard.asterisk;

import io.callguard.asterisk.ami.AmiCallControl;
import io.callguard.asterisk.ami.AmiClient;
import io.callguard.asterisk.ami.AmiLiveCallFeed;
import io.callguard.asterisk.ami.AmiMetrics;
import io.callguard.core.metrics.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.callguard.asterisk.ami.AmiSettings;
import io.callguard.asterisk.fastagi.FastAgiOptions;
import io.callguard.asterisk.fastagi.FastAgiServer;
import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.control.CallControl;
import io.callguard.core.control.CallEventListener;
import io.callguard.core.control.LiveCallFeed;
import io.callguard.core.policy.DecisionEngine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The Asterisk side of one app: the AMI link (when {@code ami.enabled}) behind the call-control port and the live-call
 * feed, and the FastAGI listener. The app starts AMI once the rule modules started (their listeners hear its first
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
    private final MeterRegistry registry;
    private volatile AmiClient client;
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
        this.callControl = new AmiCallControl(() -> ami.enabled() ? client : null);
        this.liveCallFeed = new AmiLiveCallFeed(ami.enabled(), () -> client);
        Gauge.builder(Meters.PREFIX + "ami.connected", this, a -> a.amiConnected() ? 1 : 0)
                .description("1 while logged in to AMI and the last ping was answered, else 0 (also when ami.enabled is false)")
                .register(registry);
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
        return (channel, cause) -> {
            if (!ami.enabled()) throw new IllegalStateException("AMI is disabled (ami.enabled=false)");
            callControl.hangup(channel, cause);
        };
    }

    /**
     * Connects AMI (nothing when disabled); {@code listeners} hear callguard's call events (click-to-call, the call
     * records), in this order, each isolated: one that throws is logged and the others still hear the event.
     */
    public Future<Void> startAmi(List<CallEventListener> listeners) {
        if (!ami.enabled()) return Future.succeededFuture();
        AmiClient started = new AmiClient(vertx, ami.options(), tracker, clock);
        started.metrics(new AmiMetrics(registry));
        client = started;
        listeners.forEach(started::addEventListener);
        return started.start();
    }

    public boolean amiEnabled() { return ami.enabled(); }

    public boolean amiConnected() {
        AmiClient c = client;
        return c != null && c.connected();
    }

    /** Binds FastAGI; completes with its port (the chosen one for port 0), or fails with the bind failure as is. */
    public Future<Integer> startFastAgi(DecisionEngine engine) {
        FastAgiServer server = new FastAgiServer(vertx, fastAgiOptions, engine, registry);
        fastAgi = server;
        return server.start();
    }

    /** FastAGI's connection counters, once it exists, for {@code GET /admin/v1/listeners}. */
    public JsonObject fastAgiConnections() {
        FastAgiServer agi = fastAgi;
        return agi == null ? new JsonObject() : new JsonObject().put("fastagi", new JsonObject()
                .put("open", agi.activeSessions()).put("maxConnections", fastAgiOptions.maxConnections())
                .put("refused", agi.refusedConnections()));
    }

    /** Stops accepting FastAGI sessions and lets those in flight finish within {@code drain}. */
    public Future<Void> stopFastAgi(boolean bound, Duration drain) {
        FastAgiServer agi = fastAgi;
        return agi == null || !bound ? Future.succeededFuture() : agi.stop(drain);
    }

    public Future<Void> stopAmi() {
        AmiClient c = client;
        return c == null ? Future.succeededFuture() : c.stop();
    }
}
