/** Logging helpers: {@link io.callguard.core.log.RateLimitedLog} keeps floods of one kind of line to a few a window. */
package io.callguard.core.log;
