package io.callguard.siprates;

import java.util.List;

/**
 * Where the block list is kept across restarts: one row per blocked address. Blocking (the store's implementation is
 * JDBC): the module calls it at its start and on {@link SipRateActions}' thread only, never on the SIP path.
 */
public interface BlockedAddressRepository {
    /** Writes (inserts or replaces) the block of {@code block.address()}. */
    void save(BlockedAddress block);

    /** Forgets the block of {@code address}; false when there was none. */
    boolean delete(String address);

    /** Every stored block, expired ones included (the module drops those at its start). */
    List<BlockedAddress> all();
}
