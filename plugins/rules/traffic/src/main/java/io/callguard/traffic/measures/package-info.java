/** The per-account traffic measures (R5, R14), kept in memory as the call records arrive. */
package io.callguard.traffic.measures;
