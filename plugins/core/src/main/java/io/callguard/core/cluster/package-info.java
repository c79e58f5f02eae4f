/**
 * Several callguard nodes on one shared store: the {@link io.callguard.core.cluster.ChangeFeed} port through which a
 * write path tells the other nodes which configuration entry changed, and the listeners by which each module that
 * caches configuration in memory reloads it ({@link io.callguard.core.cluster.LocalChangeFeed} on a single node).
 */
package io.callguard.core.cluster;
