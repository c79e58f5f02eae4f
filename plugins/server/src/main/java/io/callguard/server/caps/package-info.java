/**
 * The server side of the call caps: the AMI-backed {@link io.callguard.core.calls.ChannelHangup} of the duration
 * watchdog and the Vert.x timers that reconcile trunk reservations and sweep for calls over their maximum duration.
 */
package io.callguard.server.caps;
