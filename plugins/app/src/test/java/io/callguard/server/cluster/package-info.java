/**
 * Several callguard nodes at once sharing one PostgreSQL store (and, for the shared counters, one Redis): the
 * cluster's end-to-end tests (issue 17), in this JVM ({@code CallguardApp} twice) or each node its own process
 * ({@link io.callguard.server.cluster.NodeProcess}, for kill -9 and "two callguard processes").
 */
package io.callguard.server.cluster;
