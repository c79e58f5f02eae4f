package io.callguard.core.calls;

import io.callguard.core.policy.Direction;

import java.time.Instant;

/**
 * One live channel as callguard knows it: from AMI (channel, state, times) and, when the call went through a
 * FastAGI decision, from that decision (account, trunk, direction, callee). Fields not known are empty or null.
 *
 * @param uniqueId   Asterisk Uniqueid
 * @param linkedId   Asterisk Linkedid (the Uniqueid of the call's first leg: pair legs by it)
 * @param channel    channel name, e.g. {@code PJSIP/trunk-a-00000001}
 * @param endpoint   endpoint name parsed from the channel, e.g. {@code trunk-a}
 * @param accountId  account (from the decision, else the channel's accountcode), may be empty
 * @param direction  from the decision, null when the channel had none (e.g. the callee leg)
 * @param caller     caller id number
 * @param callee     dialled / connected number
 * @param state      Asterisk channel state description (Down, Ring, Ringing, Up…)
 * @param startedAt  channel creation (or first sight)
 * @param answeredAt when it went Up, null before
 * @param maxSeconds the maximum duration its decision gave ({@code CALLGUARD_MAX_SECONDS}), null when it had no
 *                   decision or the decision set none (a denial, an emergency call)
 */
public record LiveCall(String uniqueId, String linkedId, String channel, String endpoint, String accountId,
                       Direction direction, String caller, String callee, String state, Instant startedAt,
                       Instant answeredAt, Long maxSeconds) {
}
