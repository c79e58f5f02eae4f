/**
 * The CTI API (R8) as served: its own HTTP listener for the clients' business applications (API-key authentication
 * and per-key request limit through the cti module's {@link io.callguard.cti.CtiAccess}, then the modules' CTI
 * routes), and the adapters the cti module runs on: status callbacks over the Vert.x HTTP client and retries on
 * Vert.x timers.
 */
package io.callguard.http.cti;
