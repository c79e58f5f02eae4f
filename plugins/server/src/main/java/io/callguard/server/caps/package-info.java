/**
 * The server side of the call caps: the Vert.x timers that reconcile trunk reservations and sweep for calls over
 * their maximum duration (the hang-ups go through the call-control port).
 */
package io.callguard.server.caps;
