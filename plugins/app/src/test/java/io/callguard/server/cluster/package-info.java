/**
 * Several callguard nodes at once, each its own process, sharing one PostgreSQL store and one Redis: the cluster's
 * end-to-end tests (issue 17) and their harness ({@link io.callguard.server.cluster.NodeProcess}).
 */
package io.callguard.server.cluster;
