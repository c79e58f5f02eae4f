/** Time as an injected {@link java.time.Clock}: production uses the system clock, tests a {@link io.callguard.core.time.MutableClock}. */
package io.callguard.core.time;
