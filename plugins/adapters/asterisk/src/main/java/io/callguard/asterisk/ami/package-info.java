/**
 * The AMI adapter: a lean AMI client on a Vert.x NetClient (framing, MD5 login, ActionID correlation in
 * {@link io.callguard.asterisk.ami.PendingActions}, ping, backoff, resync on every login, all on one event loop)
 * whose channel events, decoded without reflection into plain records, feed the call tracker and are published as
 * core's call events; and {@link io.callguard.asterisk.ami.AmiCallControl}, core's call-control port over AMI
 * actions written as plain {@code Key: Value} frames.
 */
package io.callguard.asterisk.ami;
