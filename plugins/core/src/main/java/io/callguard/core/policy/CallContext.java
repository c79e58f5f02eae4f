package io.callguard.core.policy;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.Trunk;
import io.callguard.core.numbering.ClassifiedNumber;

import java.time.Instant;
import java.util.Objects;

/**
 * The plain call that policies judge: adapters build it from protocol data, policies never see AGI or AMI.
 *
 * @param direction OUTBOUND or INBOUND
 * @param accountId the account the call belongs to (may be empty when unknown)
 * @param account   that account, or null when the directory does not know it
 * @param trunkId   the client's trunk (endpoint name), may be empty
 * @param trunk     that trunk, or null when unknown
 * @param caller    calling number as received
 * @param callee    the called number, classified
 * @param channel   Asterisk channel name
 * @param uniqueId  Asterisk unique id of the channel (keys reservations and the call tracker)
 * @param at        when the decision was asked
 */
public record CallContext(Direction direction, String accountId, Account account, String trunkId, Trunk trunk,
                          String caller, ClassifiedNumber callee, String channel, String uniqueId, Instant at) {
    public CallContext {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(trunkId, "trunkId");
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(callee, "callee");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(uniqueId, "uniqueId");
        Objects.requireNonNull(at, "at");
    }

    public boolean isEmergency() { return callee.isEmergency(); }

    public boolean accountKnown() { return account != null; }
}
