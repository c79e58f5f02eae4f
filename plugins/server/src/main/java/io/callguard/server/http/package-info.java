/**
 * HTTP plumbing shared by the admin and CTI APIs: RFC 9457 problems ({@link io.callguard.server.http.Problem}), the
 * JSON and problem+json writers, and the router's failure, 404 and 405 handlers.
 */
package io.callguard.server.http;
