/**
 * The admin HTTP API (vertx-web): bearer-token auth, accounts/trunks/numbers CRUD backed by the store and mirrored
 * into the in-memory directory, suspensions, the audit trail of every write, live calls, and the unauthenticated
 * /health and /ready probes.
 */
package io.callguard.server.admin;
