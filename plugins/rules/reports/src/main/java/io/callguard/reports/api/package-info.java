/** The reports module's admin routes and how the reports are written: JSON, CSV and a printable HTML statement. */
package io.callguard.reports.api;
