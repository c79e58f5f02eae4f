/** The traffic module's admin routes: the measures, the rules, the telemarketing report. */
package io.callguard.traffic.api;
