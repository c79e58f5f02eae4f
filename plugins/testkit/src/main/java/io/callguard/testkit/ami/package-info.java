/**
 * An emulated Asterisk 22 AMI server (Vert.x NetServer) for tests and benchmarks: login, ping, CoreShowChannels,
 * Hangup, channel events, crash/restart, replay of real AMI captures and bulk synthetic load.
 */
package io.callguard.testkit.ami;
