package io.callguard.server.config;

import io.callguard.caps.CapsSettings;

import java.time.Duration;

/**
 * Timings of the call caps' background work (sections {@code caps} and {@code watchdog}).
 *
 * @param reconcileInterval how often the reservations are reconciled against a fresh CoreShowChannels (default 60 s)
 * @param orphanGrace       age before a reservation without a live channel is freed, or a live channel whose decision
 *                          holds no reservation adopted (default 10 s)
 * @param watchdogEnabled   whether calls over their maximum duration are hung up through AMI (default true)
 * @param watchdogInterval  how often the watchdog sweeps (default 10 s)
 * @param watchdogGrace     how long past its maximum a call may last before it is hung up (default 60 s)
 * @param startupHold       until the first AMI resynchronisation after a start is applied, how long a cap decision
 *                          waits for it before it fails to the FastAGI failure verdict (default 200 ms, shorter than
 *                          {@code fastagi.decisionDeadline})
 */
public record CapsConfig(Duration reconcileInterval, Duration orphanGrace, boolean watchdogEnabled,
                         Duration watchdogInterval, Duration watchdogGrace, Duration startupHold) {

    /** The settings the call-caps module takes. */
    public CapsSettings settings() {
        return new CapsSettings(orphanGrace, watchdogGrace, reconcileInterval, watchdogInterval);
    }
}
