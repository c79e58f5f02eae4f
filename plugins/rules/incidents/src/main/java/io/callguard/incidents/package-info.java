/**
 * R12 (CGV 10.2): incident tickets of an account's services, kept by an {@link io.callguard.incidents.IncidentRepository}
 * (the store's in production), their restoration time in business hours ({@link io.callguard.incidents.clock}) and
 * the GTR penalties they are owed ({@link io.callguard.incidents.GtrPenalty}, {@link io.callguard.incidents.GtrReport}),
 * served by the admin API ({@link io.callguard.incidents.IncidentRoutes}).
 */
package io.callguard.incidents;
