/**
 * The audit trail of administrative changes (who, what, when, before/after): the {@link io.callguard.core.audit.AuditLog}
 * port that the store implements in SQL, an in-memory implementation for tests, and a tiny JSON writer for the
 * before/after snapshots.
 */
package io.callguard.core.audit;
