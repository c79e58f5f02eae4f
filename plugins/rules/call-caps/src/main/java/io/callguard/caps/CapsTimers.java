package io.callguard.caps;

import io.callguard.core.control.LiveCallFeed;
import io.callguard.core.module.ModuleTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The call caps' periodic work, as timers the app schedules.
 *
 * <ul>
 *   <li>Every {@code caps.reconcileInterval}: with the call feed (AMI) connected, a fresh {@code CoreShowChannels};
 *       the call tracker's {@code onResync} then reconciles the reservations (frees orphans, adopts unreserved live
 *       calls, drops expired ones). With AMI down or disabled callguard has no picture of Asterisk: nothing is freed
 *       for want of a channel, only expired reservations are dropped.</li>
 *   <li>Every {@code caps.orphanGrace}, with AMI connected: the same reconciliation against the call tracker's
 *       table (kept current by AMI events), without asking Asterisk. A slot without a live channel is freed, and a
 *       refused call still live adopted, only once older than {@code orphanGrace}; this keeps that wait from
 *       stretching to a whole {@code reconcileInterval}. (Calls nobody decided are adopted at once, at the first
 *       resynchronisation after a start or from their Newchannel.)</li>
 *   <li>Every {@code watchdog.interval} (when {@code watchdog.enabled}), with AMI connected: the duration watchdog
 *       hangs up calls over their maximum.</li>
 * </ul>
 * Every timer is a blocking one (the app runs it off its event threads); the app never overlaps two runs of a timer.
 */
final class CapsTimers {
    private static final Logger LOG = LoggerFactory.getLogger(CapsTimers.class);

    private final CallCaps caps;
    private final LiveCallFeed feed;
    private final Clock clock;
    private final CapsOptions options;

    CapsTimers(CallCaps caps, LiveCallFeed feed, Clock clock, CapsOptions options) {
        this.caps = Objects.requireNonNull(caps, "caps");
        this.feed = Objects.requireNonNull(feed, "feed");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
    }

    List<ModuleTimer> timers() {
        List<ModuleTimer> timers = new ArrayList<>();
        timers.add(new ModuleTimer("caps-reconcile", options.reconcileInterval(), true, this::reconcile));
        timers.add(new ModuleTimer("caps-reconcile-with-tracker", options.orphanGrace(), true, this::reconcileLocally));
        if (options.watchdogEnabled()) {
            timers.add(new ModuleTimer("caps-watchdog", options.watchdogInterval(), true, this::sweep));
        }
        return List.copyOf(timers);
    }

    /**
     * Waits (at most one interval) for the resynchronisation on this worker thread, so that a failed one expires on it
     * too; one still running after that reconciles when it lands.
     */
    void reconcile() {
        if (feed.connected()) {
            try {
                // the resynchronisation's onResync reconciles, on the AMI client's context
                feed.resync().toCompletableFuture().get(options.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                LOG.debug("CoreShowChannels for the caps' reconciliation failed: {}", e.getCause().toString());
            } catch (TimeoutException e) {
                LOG.debug("CoreShowChannels for the caps' reconciliation still running after {}", options.reconcileInterval());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        expireOnly();
    }

    void reconcileLocally() {
        if (!feed.connected()) return;
        try {
            caps.reconcile();
        } catch (RuntimeException e) {
            LOG.warn("reconciling trunk reservations with the call tracker failed", e);
        }
    }

    private void expireOnly() {
        try {
            int forgotten = caps.forgetUnreportedCalls();
            if (forgotten > 0) LOG.info("{} decided call(s) never reported by AMI forgotten past their maximum", forgotten);
            int expired = caps.allocations().expire(clock.instant());
            if (expired > 0) LOG.info("{} trunk reservation(s) expired (no reconciliation while AMI is down or disabled)", expired);
        } catch (RuntimeException e) {
            LOG.warn("expiring trunk reservations failed", e);
        }
    }

    void sweep() {
        if (!feed.connected()) return;
        try {
            caps.sweep();
        } catch (RuntimeException e) {
            LOG.warn("duration watchdog sweep failed", e);
        }
    }
}
