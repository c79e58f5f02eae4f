/**
 * A toy rule family that lives in the server's tests only: one policy, one option, one admin route and one timer,
 * registered through the test class path's {@code META-INF/services}. It proves that a new family plugs into the app
 * without an edit to any other module. It stays inert (no timer, no route, no refusal) unless its option is set, so
 * that the other tests, which start every module found, do not see it.
 */
package io.callguard.server.toy;
