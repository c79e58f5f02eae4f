/**
 * The FastAGI adapter: a Vert.x NetServer that reads Asterisk's {@code agi_*} header, asks the
 * {@link io.callguard.core.policy.DecisionEngine} and answers with {@code CALLGUARD_*} channel variables
 * within a deadline, one small non-blocking state machine per connection.
 */
package io.callguard.asterisk.fastagi;
