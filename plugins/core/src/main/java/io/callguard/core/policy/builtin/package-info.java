/**
 * The policies every deployment needs, shipped with core: {@code emergency} (emergency numbers always pass, first
 * in the chain) and {@code default} (known accounts get their R1 maximum duration, unknown ones are refused).
 */
package io.callguard.core.policy.builtin;
