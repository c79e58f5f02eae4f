package io.callguard.core.control;

import io.callguard.core.directory.Trunk;

import java.time.Duration;
import java.util.Optional;

/**
 * The caps a click-to-call passes before its Originate: the line's trunk cap and the account's calls per second.
 * The call-caps module implements it over its own policies and their shared allocations, so a click-to-call's
 * client leg holds its slot exactly like a decided call, under the holder the leg's channel will have (its
 * Originate {@code ChannelId}, which is also the Linkedid of every leg of the call). Implementations answer from
 * memory and never block.
 */
public interface CallAdmission {
    /** Checks nothing, reserves nothing (tests, or a deployment without the call caps). */
    CallAdmission UNLIMITED = new CallAdmission() {
        @Override public Optional<Refusal> reserve(String accountId, Trunk line, boolean emergency, String holder) {
            return Optional.empty();
        }

        @Override public void release(Trunk line, String holder) { }
    };

    /**
     * Reserves the client leg's slot on {@code line} and counts the call for the account's calls per second, or
     * refuses it having reserved and counted nothing. An emergency destination is never refused.
     *
     * @param holder the Uniqueid the client leg will get (Originate ChannelId)
     * @return empty when reserved, else why not
     */
    Optional<Refusal> reserve(String accountId, Trunk line, boolean emergency, String holder);

    /** Gives back the slot of a call whose client leg never came up or has ended. Idempotent. */
    void release(Trunk line, String holder);

    /**
     * Why a click-to-call was not placed.
     *
     * @param reason     callguard's reason, as the decision would give it: {@code TRUNK_FULL}, {@code CPS_EXCEEDED}
     * @param retryAfter when trying again may succeed, null when unknown (a full trunk frees on a hang-up)
     */
    record Refusal(String reason, Duration retryAfter) { }
}
