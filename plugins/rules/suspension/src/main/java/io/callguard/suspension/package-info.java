/**
 * Suspensions of a client's lines (R3–R6: CGV 8.2, 8.4, 12.1): the {@code suspension} policy that leaves a suspended
 * account or trunk emergency-only outbound while it keeps receiving calls, the in-memory
 * {@link io.callguard.suspension.SuspensionBook} it reads, the {@link io.callguard.suspension.SuspensionService} the
 * admin API writes through (persisted by a {@link io.callguard.suspension.SuspensionRepository}, audited), and the
 * optional hang-up of live calls.
 */
package io.callguard.suspension;
