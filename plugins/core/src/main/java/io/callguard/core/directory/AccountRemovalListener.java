package io.callguard.core.directory;

import java.util.Map;

/**
 * Told when an account no longer exists, after the directory forgot it (and its trunks' {@link TrunkRemovalListener}s
 * were told), so that what a rule keeps per account does not outlive it: an account created again with the same id
 * starts afresh. The database has already deleted the account's rows (cascade); a listener forgets what it holds in
 * memory. Called under the directory's write lock: must be quick and must not block on anything but memory.
 */
@FunctionalInterface
public interface AccountRemovalListener {
    /**
     * @return what went with the account that the audit entry of its deletion should show, by field (e.g.
     *         {@code openSuspensions} → the ids dropped), JSON-shaped; empty when there is nothing to show
     */
    Map<String, Object> accountRemoved(String accountId);
}
