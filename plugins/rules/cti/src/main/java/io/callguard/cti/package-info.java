/**
 * CTI API domain (R8, CP Téléphonie §1.5): what a client's business applications may do with their API key, and the
 * few interfaces the server adapts ({@link io.callguard.cti.AccountStatus}, {@link io.callguard.cti.TaskScheduler}).
 */
package io.callguard.cti;
