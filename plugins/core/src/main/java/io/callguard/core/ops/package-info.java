/**
 * What the operations page shows ({@code GET /admin/v1/ops/summary}, {@code /admin/ui/}): each rule module offers an
 * {@link io.callguard.core.ops.OpsSection} (its part of the picture, JSON-shaped plain Java), the HTTP adapter puts
 * them together with the live calls and the links' status; {@link io.callguard.core.ops.RecentDenials} counts the
 * refused calls by reason as a decision listener.
 */
package io.callguard.core.ops;
