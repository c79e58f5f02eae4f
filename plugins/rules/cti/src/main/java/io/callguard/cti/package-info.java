/**
 * CTI API domain (R8, CP Téléphonie §1.5) as the rule module {@code cti} ({@link io.callguard.cti.CtiModule}): what a
 * client's business applications may do with their API key, its options ({@link io.callguard.cti.CtiOptions}), and
 * the few interfaces the server adapts ({@link io.callguard.cti.AccountStatus}, {@link io.callguard.cti.TaskScheduler},
 * {@link io.callguard.cti.callback.HttpPoster}).
 */
package io.callguard.cti;
