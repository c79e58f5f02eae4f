/**
 * Status callbacks: each status change of a CTI request is POSTed as JSON to the client's http(s) URL, retried with
 * backoff a bounded number of times. The HTTP client itself is the server's ({@link io.callguard.cti.callback.HttpPoster}).
 */
package io.callguard.cti.callback;
