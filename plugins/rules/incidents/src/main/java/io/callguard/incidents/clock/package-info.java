/**
 * The business clock of the GTR (R12, CGV 10.2): French public holidays ({@link io.callguard.incidents.clock.FrenchHolidays},
 * Easter by the anonymous Gregorian algorithm, Alsace-Moselle's two extra days as an option) and the business time
 * between two instants ({@link io.callguard.incidents.clock.BusinessClock}: Monday to Friday, 09:00 to 18:00
 * Europe/Paris, holidays excluded). Pure functions of their arguments: no clock of their own, no I/O.
 */
package io.callguard.incidents.clock;
