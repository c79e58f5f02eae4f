/**
 * The admin HTTP API (vertx-web): bearer-token auth, accounts/trunks/numbers CRUD backed by the store and mirrored
 * into the in-memory directory (with the 08 numbers' tariffs and their announcement reports, R9), suspensions, the
 * audit trail of every write, live calls, and the unauthenticated
 * /health and /ready probes.
 */
package io.callguard.server.admin;
