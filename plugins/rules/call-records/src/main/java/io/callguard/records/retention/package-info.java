/**
 * Retention of the call records (R11, CGV 9.2: kept 6 months from the invoice date): when a record may go
 * ({@link io.callguard.records.retention.InvoiceCalendar}), the purge of the oldest part of this node's chain behind a
 * signed checkpoint ({@link io.callguard.records.retention.RecordPurge}), its options and its admin route.
 */
package io.callguard.records.retention;
