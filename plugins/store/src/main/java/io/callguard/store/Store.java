package io.callguard.store;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;

import java.util.List;
import java.util.Optional;

/**
 * STUB (the store work fills it in). Every method blocks on JDBC: callers run it off the event loop.
 * Inserts throw {@link DuplicateKeyException} on an existing key; updates and deletes return false when the
 * row does not exist; everything else that fails throws {@link StoreException}.
 */
public final class Store implements AutoCloseable {
    /** Opens the pool and applies the Flyway migrations. */
    public static Store open(StoreOptions options) { throw new UnsupportedOperationException("stub"); }

    /** Loads every account, trunk and number into the decision path's directory. */
    public void loadInto(InMemoryDirectory directory) { throw new UnsupportedOperationException("stub"); }

    /** A quick {@code SELECT 1} within the connection timeout. */
    public boolean isReachable() { throw new UnsupportedOperationException("stub"); }

    public List<Account> listAccounts() { throw new UnsupportedOperationException("stub"); }
    public Optional<Account> findAccount(String id) { throw new UnsupportedOperationException("stub"); }
    public void insertAccount(Account account) { throw new UnsupportedOperationException("stub"); }
    public boolean updateAccount(Account account) { throw new UnsupportedOperationException("stub"); }
    /** Deletes the account with its trunks and numbers. */
    public boolean deleteAccount(String id) { throw new UnsupportedOperationException("stub"); }

    public List<Trunk> listTrunks(String accountId) { throw new UnsupportedOperationException("stub"); }
    public Optional<Trunk> findTrunk(String trunkId) { throw new UnsupportedOperationException("stub"); }
    public void insertTrunk(Trunk trunk) { throw new UnsupportedOperationException("stub"); }
    public boolean updateTrunk(Trunk trunk) { throw new UnsupportedOperationException("stub"); }
    /** Deleting a trunk clears {@code trunkId} of its numbers. */
    public boolean deleteTrunk(String trunkId) { throw new UnsupportedOperationException("stub"); }

    public List<DidNumber> listNumbers(String accountId) { throw new UnsupportedOperationException("stub"); }
    public Optional<DidNumber> findNumber(String number) { throw new UnsupportedOperationException("stub"); }
    public void insertNumber(DidNumber number) { throw new UnsupportedOperationException("stub"); }
    public boolean updateNumber(DidNumber number) { throw new UnsupportedOperationException("stub"); }
    public boolean deleteNumber(String number) { throw new UnsupportedOperationException("stub"); }

    @Override public void close() { }
}
