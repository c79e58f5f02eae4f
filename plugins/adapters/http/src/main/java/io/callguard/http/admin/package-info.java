/**
 * The admin HTTP API (vertx-web): bearer-token auth, the routes the rule modules contribute (accounts, trunks and
 * numbers, suspensions, API keys, usage reports…) mounted behind it, the audit trail, live calls, the listeners'
 * connection counters, and the unauthenticated /health and /ready probes (the store's state from
 * {@link io.callguard.http.admin.StoreProbe}, a ping the app implements: {@link io.callguard.http.admin.StoreHealth}).
 */
package io.callguard.http.admin;
