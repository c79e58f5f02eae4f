package io.callguard.core.directory;

import java.util.Objects;

/**
 * A number (DID) assigned to a client.
 *
 * @param number    national form, e.g. {@code 0198765432} (as normalised by the numbering plan)
 * @param accountId owning account
 * @param trunkId   trunk that receives its calls, may be null
 */
public record DidNumber(String number, String accountId, String trunkId) {
    public DidNumber {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(accountId, "accountId");
    }
}
