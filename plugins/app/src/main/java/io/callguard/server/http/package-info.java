/**
 * HTTP plumbing shared by the admin and CTI APIs: RFC 9457 problems ({@link io.callguard.server.http.Problem}), the
 * JSON and problem+json writers, and the router's failure, 404 and 405 handlers; the request rules both APIs apply
 * (JSON bodies only, {@link io.callguard.server.http.JsonBodies}; no control characters anywhere,
 * {@link io.callguard.server.http.ControlCharacters}), the answer to a request the HTTP parser refused
 * ({@link io.callguard.server.http.InvalidRequests}), and store or internal failures answered with an error id only.
 * Each listener's configuration keys (bind address, limits, the admin token) are declared and read by
 * {@link io.callguard.server.http.ListenerOptions}.
 */
package io.callguard.server.http;
