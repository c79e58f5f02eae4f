/**
 * The reports rule module: R10 (Numéros spéciaux §3, the monthly revenue share of the clients' 08 numbers, paid from
 * 30 € HT, else carried over) and R13 (CP Téléphonie §1, number ranges and their use against 80 %), from the call
 * records; the share rates and ranges behind the admin API ({@link io.callguard.reports.ReportsRepository}).
 */
package io.callguard.reports;
