/**
 * Rating (R3, CGV 8.2): what an answered call costs the client, as a port. {@link CallRating} is the price of one call
 * with the tariff plan version and rate that gave it (kept in the call's record, so inside its hash chain);
 * {@link CallRater} is what the {@code credit} rule module offers and the {@code call-records} module asks when a call
 * ends, before its record is chained. Amounts are euro cents, HT, as {@link java.math.BigDecimal} (never
 * {@code double}): a per-second price of 0.15 EUR/min makes quarters of a cent.
 */
package io.callguard.core.rating;
