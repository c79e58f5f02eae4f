/**
 * The JDBC store of accounts, trunks, numbers, suspensions ({@link io.callguard.store.SqlSuspensionRepository}) and
 * the audit trail ({@link io.callguard.store.SqlAuditLog}): an embedded H2 file database by default or PostgreSQL,
 * schema by Flyway migrations, pool by HikariCP. Every call blocks; decisions never call it (they read memory).
 * With PostgreSQL, {@link io.callguard.store.PostgresChangeFeed} carries the configuration changes between the nodes
 * sharing the store (LISTEN/NOTIFY on a connection of its own).
 */
package io.callguard.store;
