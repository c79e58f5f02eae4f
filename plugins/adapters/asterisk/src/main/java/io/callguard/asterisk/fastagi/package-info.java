/**
 * The FastAGI adapter: a Vert.x NetServer that reads Asterisk's {@code agi_*} header, asks the
 * {@link io.callguard.core.policy.DecisionEngine} and answers with {@code CALLGUARD_*} channel variables
 * ({@link io.callguard.asterisk.fastagi.DecisionVariables}) within a deadline, one small non-blocking state machine
 * per connection. When no decision comes, core's {@link io.callguard.core.policy.FailurePolicy} says what the call
 * gets; this adapter only translates it.
 */
package io.callguard.asterisk.fastagi;
