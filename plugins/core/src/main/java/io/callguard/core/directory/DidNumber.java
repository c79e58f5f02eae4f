package io.callguard.core.directory;

import java.util.Objects;

/**
 * A number (DID) assigned to a client.
 *
 * @param number    national form, e.g. {@code 0198765432} (as normalised by the numbering plan)
 * @param accountId owning account
 * @param trunkId   trunk that receives its calls, may be null
 * @param tariff    the special tariff of an 08 number (service charge, announcement option, R9); null for
 *                  ordinary numbers, and for an 08 number whose tariff was never set
 */
public record DidNumber(String number, String accountId, String trunkId, SpecialTariff tariff) {
    public DidNumber {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(accountId, "accountId");
    }

    /** An ordinary number, without special tariff. */
    public DidNumber(String number, String accountId, String trunkId) {
        this(number, accountId, trunkId, null);
    }

    /** The same number routed to another trunk (null: none), its tariff kept. */
    public DidNumber withTrunk(String newTrunkId) { return new DidNumber(number, accountId, newTrunkId, tariff); }

    /** The same number with another tariff (null: none). */
    public DidNumber withTariff(SpecialTariff newTariff) { return new DidNumber(number, accountId, trunkId, newTariff); }
}
