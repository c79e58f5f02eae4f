package io.callguard.server.caps;

import io.callguard.asterisk.ami.AmiClient;
import io.callguard.caps.CallCaps;
import io.callguard.server.config.CapsConfig;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The call caps' periodic work on Vert.x timers.
 *
 * <ul>
 *   <li>Every {@code caps.reconcileInterval}: with AMI connected, a fresh {@code CoreShowChannels}; the call
 *       tracker's {@code onResync} then reconciles the reservations (frees orphans, adopts unreserved live calls,
 *       drops expired ones). With AMI down or disabled callguard has no picture of Asterisk: nothing is freed for
 *       want of a channel, only expired reservations are dropped.</li>
 *   <li>Every {@code caps.orphanGrace}, with AMI connected: the same reconciliation against the call tracker's
 *       table (kept current by AMI events), without asking Asterisk. A slot without a live channel is freed, and a
 *       refused call still live adopted, only once older than {@code orphanGrace}; this keeps that wait from
 *       stretching to a whole {@code reconcileInterval}. (Calls nobody decided are adopted at once, at the first
 *       resynchronisation after a start or from their Newchannel.)</li>
 *   <li>Every {@code watchdog.interval} (when {@code watchdog.enabled}), with AMI connected: the duration watchdog
 *       hangs up calls over their maximum.</li>
 * </ul>
 * The work runs on a worker thread, never on the event loop, one run of each kind at a time.
 */
public final class CapsTimers {
    private static final Logger LOG = LoggerFactory.getLogger(CapsTimers.class);

    private final Vertx vertx;
    private final CallCaps caps;
    private final Clock clock;
    private final Supplier<AmiClient> ami;
    private final CapsConfig config;
    private final AtomicBoolean expiring = new AtomicBoolean();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicBoolean reconcilingLocally = new AtomicBoolean();
    private long reconcileTimer = -1;
    private long localReconcileTimer = -1;
    private long watchdogTimer = -1;

    /** @param ami the running AMI client, or null when {@code ami.enabled} is false */
    public CapsTimers(Vertx vertx, CallCaps caps, Clock clock, Supplier<AmiClient> ami, CapsConfig config) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.caps = Objects.requireNonNull(caps, "caps");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ami = Objects.requireNonNull(ami, "ami");
        this.config = Objects.requireNonNull(config, "config");
    }

    public synchronized void start() {
        if (reconcileTimer >= 0) return;
        reconcileTimer = vertx.setPeriodic(config.reconcileInterval().toMillis(), id -> reconcile());
        localReconcileTimer = vertx.setPeriodic(config.orphanGrace().toMillis(), id -> reconcileLocally());
        if (config.watchdogEnabled()) {
            watchdogTimer = vertx.setPeriodic(config.watchdogInterval().toMillis(), id -> sweep());
        } else {
            LOG.warn("watchdog.enabled is false: calls over their maximum duration (R1) are not hung up by callguard");
        }
    }

    public synchronized void stop() {
        if (reconcileTimer >= 0) vertx.cancelTimer(reconcileTimer);
        if (watchdogTimer >= 0) vertx.cancelTimer(watchdogTimer);
        if (localReconcileTimer >= 0) vertx.cancelTimer(localReconcileTimer);
        localReconcileTimer = -1;
        reconcileTimer = -1;
        watchdogTimer = -1;
    }

    private void reconcile() {
        AmiClient client = ami.get();
        if (client != null && client.connected()) {
            // the resynchronisation's onResync reconciles, on the AMI client's context
            client.resync().onFailure(e -> {
                LOG.debug("CoreShowChannels for the caps' reconciliation failed: {}", e.toString());
                expireOnly();
            });
        } else {
            expireOnly();
        }
    }

    private void reconcileLocally() {
        AmiClient client = ami.get();
        if (client == null || !client.connected() || !reconcilingLocally.compareAndSet(false, true)) return;
        vertx.executeBlocking(caps::reconcile, false).onComplete(ar -> {
            reconcilingLocally.set(false);
            if (ar.failed()) LOG.warn("reconciling trunk reservations with the call tracker failed", ar.cause());
        });
    }

    private void expireOnly() {
        if (!expiring.compareAndSet(false, true)) return;
        vertx.executeBlocking(() -> {
            int forgotten = caps.forgetUnreportedCalls();
            if (forgotten > 0) LOG.info("{} decided call(s) never reported by AMI forgotten past their maximum", forgotten);
            return caps.allocations().expire(clock.instant());
        }, false).onComplete(ar -> {
            expiring.set(false);
            if (ar.failed()) LOG.warn("expiring trunk reservations failed", ar.cause());
            else if (ar.result() > 0) LOG.info("{} trunk reservation(s) expired (no reconciliation while AMI is down or disabled)", ar.result());
        });
    }

    private void sweep() {
        AmiClient client = ami.get();
        if (client == null || !client.connected() || !sweeping.compareAndSet(false, true)) return;
        vertx.executeBlocking(caps::sweep, false).onComplete(ar -> {
            sweeping.set(false);
            if (ar.failed()) LOG.warn("duration watchdog sweep failed", ar.cause());
        });
    }
}
