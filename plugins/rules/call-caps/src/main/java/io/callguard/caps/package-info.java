/**
 * Call caps (R1, R2 of the contract): the {@code channel-cap} and {@code calls-per-second} policies built on
 * {@link io.callguard.core.limits.Allocations}, the reconciliation of reservations against Asterisk's live channels,
 * the counting of every channel on a known trunk from its AMI Newchannel, the gate that holds cap decisions until
 * the first AMI resynchronisation after a start ({@link io.callguard.caps.CapsSync}), the maximum-duration watchdog
 * and the usage report of a trunk. {@link io.callguard.caps.CallCaps} wires them;
 * {@link io.callguard.caps.CallCapsModule} builds them from the services the app hands over, schedules their timers, serves the usage route and offers the
 * click-to-call admission to the CTI API.
 */
package io.callguard.caps;
