package io.callguard.caps;

import io.callguard.core.calls.CallTracker;
import io.callguard.core.calls.ChannelHangup;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.Directory;
import io.callguard.core.limits.Allocations;
import io.callguard.core.state.StateCalls;
import io.callguard.core.numbering.FrenchNumberingPlan;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The call caps' background half, built in one call by {@link CallCapsModule}: the {@link CapReconciler}
 * (reservations against live channels), the {@link DurationWatchdog} (R1) and the usage report. The two policies are
 * built by their providers from the same {@link Allocations}, which the app registers as a policy-environment service.
 * Nothing here schedules: the module's timers ({@link CapsTimers}) call {@link #reconcile()} every
 * {@code settings.reconcileInterval()} and {@link #sweep()} every {@code settings.watchdogInterval()}. The reconciler
 * and the watchdog, as call listeners (the module's, or {@link #registerWith}), make channels on known trunks count
 * from their Newchannel, hang-ups release their slots and each AMI resynchronisation reconcile at once (the first one
 * after the start opens {@link #sync()}).
 */
public final class CallCaps {
    private final CallTracker tracker;
    private final Clock clock;
    private final CapsSettings settings;
    private final Allocations allocations;
    private final CapReconciler reconciler;
    private final DurationWatchdog watchdog;
    private final CapsReports reports;
    private final CapsSync sync;

    public CallCaps(Directory directory, CallTracker tracker, Allocations allocations, Clock clock,
                    FrenchNumberingPlan plan, ChannelHangup hangup, CapsSettings settings) {
        this(directory, tracker, allocations, clock, plan, hangup, settings, CapsSync.synced());
    }

    /** @param sync the gate {@link ChannelCapPolicy} shares, opened by the first resynchronisation after the start */
    public CallCaps(Directory directory, CallTracker tracker, Allocations allocations, Clock clock,
                    FrenchNumberingPlan plan, ChannelHangup hangup, CapsSettings settings, CapsSync sync) {
        this(directory, tracker, allocations, clock, plan, hangup, settings, sync, StateCalls.defaults(clock));
    }

    /** @param state reports the failures of the reconciler's state calls on the event loop ({@code state.timeout}) */
    public CallCaps(Directory directory, CallTracker tracker, Allocations allocations, Clock clock,
                    FrenchNumberingPlan plan, ChannelHangup hangup, CapsSettings settings, CapsSync sync,
                    StateCalls state) {
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.allocations = Objects.requireNonNull(allocations, "allocations");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.reconciler = new CapReconciler(directory, allocations, clock, settings.orphanGrace(), sync, state, tracker::get);
        this.watchdog = new DurationWatchdog(tracker, directory, plan, hangup, clock, settings.watchdogGrace());
        this.reports = new CapsReports(directory, tracker, allocations, clock);
    }

    public CapReconciler reconciler() { return reconciler; }

    public DurationWatchdog watchdog() { return watchdog; }

    public CapsSettings settings() { return settings; }

    public Allocations allocations() { return allocations; }

    /** Whether the first AMI resynchronisation after the start has been applied (decisions wait for it). */
    public CapsSync sync() { return sync; }

    /**
     * Releases every reservation of a trunk that no longer exists (deleted, or its account deleted): a trunk created
     * again with the same id starts empty. A channel still live on it is counted again by the next reconciliation.
     * Returns how many were released.
     */
    public int releaseTrunk(String trunkId) {
        // blocking state call: the admin API deletes trunks on its store worker, never on the event loop
        return allocations.releaseResource(ChannelCapPolicy.resourceOf(trunkId));
    }

    /**
     * While AMI is down: forgets the tracker's decided calls that AMI never reported, once past their maximum
     * plus the adoption margin (their reservations have expired by then too). Returns how many.
     */
    public int forgetUnreportedCalls() {
        return tracker.forgetUnreported(clock.instant(), Account.DEFAULT_MAX_CALL_SECONDS, CapReconciler.ADOPTION_MARGIN);
    }

    /** Usage of a trunk for the admin API; empty when the trunk is unknown. */
    public Optional<TrunkUsage> usage(String trunkId) { return reports.usage(trunkId); }

    /** Reconciles against the tracker's table now (the module's periodic timer). */
    public ReconcileReport reconcile() { return reconciler.reconcile(tracker.list(), clock.instant()); }

    /** Hangs up calls over their maximum duration (the module's periodic timer); returns how many were asked. */
    public int sweep() { return watchdog.sweep(); }

    /** Adds the reconciler and the watchdog as listeners of {@code tracker} (hang-ups, resynchronisations). */
    public void registerWith(CallTracker tracker) {
        tracker.addListener(reconciler);
        tracker.addListener(watchdog);
    }
}
