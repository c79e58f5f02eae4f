package io.callguard.store;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Trunk;
import io.callguard.directory.AlreadyStoredException;
import io.callguard.directory.DirectoryRepository;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The directory module's accounts, trunks and numbers in the {@link Store}'s tables, through its methods (the store
 * also loads the directory at start). Blocking (JDBC): call from a worker. A duplicate key is the port's
 * {@link AlreadyStoredException}; an unknown reference stays an {@link UnknownReferenceException} and a failure a
 * {@link StoreException}, which the admin API answers as it answers them for every route (404, 503).
 */
public final class SqlDirectoryRepository implements DirectoryRepository {
    private final Store store;

    public SqlDirectoryRepository(Store store) { this.store = Objects.requireNonNull(store, "store"); }

    @Override public List<Account> listAccounts() { return store.listAccounts(); }

    @Override public void loadInto(io.callguard.core.directory.InMemoryDirectory directory) { store.loadInto(directory); }

    @Override public Optional<Account> findAccount(String id) { return store.findAccount(id); }

    @Override
    public void insertAccount(Account account) {
        try {
            store.insertAccount(account);
        } catch (DuplicateKeyException e) {
            throw new AlreadyStoredException(e.getMessage(), e);
        }
    }

    @Override public boolean updateAccount(Account account) { return store.updateAccount(account); }

    @Override public boolean deleteAccount(String id) { return store.deleteAccount(id); }

    @Override public List<Trunk> listTrunks(String accountId) { return store.listTrunks(accountId); }

    @Override public Optional<Trunk> findTrunk(String trunkId) { return store.findTrunk(trunkId); }

    @Override
    public void insertTrunk(Trunk trunk) {
        try {
            store.insertTrunk(trunk);
        } catch (DuplicateKeyException e) {
            throw new AlreadyStoredException(e.getMessage(), e);
        }
    }

    @Override public boolean updateTrunk(Trunk trunk) { return store.updateTrunk(trunk); }

    @Override public boolean deleteTrunk(String trunkId) { return store.deleteTrunk(trunkId); }

    @Override public List<DidNumber> listNumbers(String accountId) { return store.listNumbers(accountId); }

    @Override public Optional<DidNumber> findNumber(String number) { return store.findNumber(number); }

    @Override
    public void insertNumber(DidNumber number) {
        try {
            store.insertNumber(number);
        } catch (DuplicateKeyException e) {
            throw new AlreadyStoredException(e.getMessage(), e);
        }
    }

    @Override public boolean updateNumber(DidNumber number) { return store.updateNumber(number); }

    @Override public boolean deleteNumber(String number) { return store.deleteNumber(number); }
}
