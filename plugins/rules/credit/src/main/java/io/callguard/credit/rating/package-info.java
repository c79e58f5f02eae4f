/**
 * Rating: tariff plans as data (versions, lines by destination, international prefixes, increments, free
 * destinations), their admin routes and CSV import, and the {@link io.callguard.core.rating.CallRater} the call
 * records ask when a call ends.
 */
package io.callguard.credit.rating;
