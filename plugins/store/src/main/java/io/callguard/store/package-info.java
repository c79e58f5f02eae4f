/**
 * The JDBC store of accounts, trunks and numbers: an embedded H2 file database by default or PostgreSQL, schema by
 * Flyway migrations, pool by HikariCP. Every call blocks; decisions never call it (they read the in-memory directory).
 */
package io.callguard.store;
