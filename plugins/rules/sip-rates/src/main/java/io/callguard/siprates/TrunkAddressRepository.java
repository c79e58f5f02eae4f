package io.callguard.siprates;

import java.util.List;
import java.util.Map;

/**
 * Where the trunks' sip-addresses are kept: per trunk id, its addresses and CIDR ranges in canonical text
 * ({@link TrunkAddress#text}). Blocking (the store's implementation is JDBC): call it off the event loop. A trunk's
 * deletion deletes its addresses (the store's foreign key).
 */
public interface TrunkAddressRepository {
    /** Every trunk that has addresses → its addresses, in the order written. */
    Map<String, List<String>> all();

    /**
     * Replaces the trunk's addresses with {@code addresses} (empty: it has none left), all at once.
     *
     * @throws RuntimeException the store's own when the trunk does not exist
     */
    void replace(String trunkId, List<String> addresses);

    /**
     * A trunk was removed: forget its addresses where the trunk's deletion did not take them already. Told under the
     * directory's write lock: memory only. The store's rows went with the trunk (foreign key): nothing to do there.
     */
    default void trunkRemoved(String trunkId) { }
}
