package io.callguard.core.directory;

import java.util.Collection;
import java.util.Optional;

/**
 * Read side of accounts, trunks and numbers, as decisions see them. Implementations answer from memory:
 * no decision ever waits for a database.
 */
public interface Directory {
    Optional<Account> account(String id);

    Optional<Trunk> trunk(String id);

    /** @param number the normalised national form */
    Optional<DidNumber> number(String number);

    Collection<Account> accounts();

    Collection<Trunk> trunksOf(String accountId);

    Collection<DidNumber> numbersOf(String accountId);
}
