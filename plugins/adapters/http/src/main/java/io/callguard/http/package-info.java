/**
 * The HTTP adapter: the admin and CTI listeners the app runs through {@link io.callguard.http.HttpAdapter}, and the
 * plumbing both share: RFC 9457 problems ({@link io.callguard.http.Problem}), the JSON and problem+json writers, and
 * the router's failure, 404 and 405 handlers; the request rules both APIs apply (JSON bodies only,
 * {@link io.callguard.http.JsonBodies}; no control characters anywhere, {@link io.callguard.http.ControlCharacters}),
 * the answer to a request the HTTP parser refused ({@link io.callguard.http.InvalidRequests}), the connection caps
 * ({@link io.callguard.http.ConnectionLimit}), and store or internal failures answered with an error id only (what
 * the store's failures are is told by the app, {@link io.callguard.http.StoreFailures}: this adapter does not depend
 * on the store). Each listener's configuration keys (bind address, limits, the admin token) are declared and read
 * by {@link io.callguard.http.ListenerOptions}. Only this module uses vertx-web.
 */
package io.callguard.http;
