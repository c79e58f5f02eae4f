package io.callguard.directory;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Trunk;

import java.util.List;
import java.util.Optional;

/**
 * Where accounts, trunks and numbers persist (the store implements it in SQL). Blocking: call from a worker thread,
 * never from an event loop or the decision path (which reads the in-memory directory). Trunk ids and numbers are
 * unique across all accounts. Deleting an account deletes its trunks and numbers (and what other rules keep of it in
 * the database); deleting a trunk leaves its numbers without a trunk. Updates and deletes return false when the row
 * does not exist.
 */
public interface DirectoryRepository {
    /** Every account, by id. */
    List<Account> listAccounts();

    Optional<Account> findAccount(String id);

    /** Puts every account, trunk and number into {@code directory} (a fresh one): the full reload of another node's changes. */
    default void loadInto(io.callguard.core.directory.InMemoryDirectory directory) {
        for (Account a : listAccounts()) {
            directory.put(a);
            listTrunks(a.id()).forEach(directory::put);
            listNumbers(a.id()).forEach(directory::put);
        }
    }

    /** @throws AlreadyStoredException its id is already stored */
    void insertAccount(Account account);

    boolean updateAccount(Account account);

    boolean deleteAccount(String id);

    /** The account's trunks, by id. */
    List<Trunk> listTrunks(String accountId);

    Optional<Trunk> findTrunk(String trunkId);

    /** @throws AlreadyStoredException its id is already stored (in any account) */
    void insertTrunk(Trunk trunk);

    boolean updateTrunk(Trunk trunk);

    boolean deleteTrunk(String trunkId);

    /** The account's numbers, by number. */
    List<DidNumber> listNumbers(String accountId);

    Optional<DidNumber> findNumber(String number);

    /** @throws AlreadyStoredException the number is already stored (in any account) */
    void insertNumber(DidNumber number);

    boolean updateNumber(DidNumber number);

    boolean deleteNumber(String number);
}
