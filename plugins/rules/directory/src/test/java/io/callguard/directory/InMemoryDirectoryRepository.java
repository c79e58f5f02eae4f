package io.callguard.directory;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Trunk;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The repository as the store behaves (unique keys, cascades), in memory, for the module's tests. */
final class InMemoryDirectoryRepository implements DirectoryRepository {
    private final Map<String, Account> accounts = new TreeMap<>();
    private final Map<String, Trunk> trunks = new TreeMap<>();
    private final Map<String, DidNumber> numbers = new TreeMap<>();

    @Override public synchronized List<Account> listAccounts() { return List.copyOf(accounts.values()); }

    @Override public synchronized Optional<Account> findAccount(String id) { return Optional.ofNullable(accounts.get(id)); }

    @Override
    public synchronized void insertAccount(Account account) {
        if (accounts.putIfAbsent(account.id(), account) != null) {
            throw new AlreadyStoredException("account '" + account.id() + "'", null);
        }
    }

    @Override
    public synchronized boolean updateAccount(Account account) {
        return accounts.replace(account.id(), account) != null;
    }

    @Override
    public synchronized boolean deleteAccount(String id) {
        if (accounts.remove(id) == null) return false;
        trunks.values().removeIf(t -> t.accountId().equals(id));
        numbers.values().removeIf(n -> n.accountId().equals(id));
        return true;
    }

    @Override
    public synchronized List<Trunk> listTrunks(String accountId) {
        return trunks.values().stream().filter(t -> t.accountId().equals(accountId))
                .sorted(Comparator.comparing(Trunk::id)).toList();
    }

    @Override public synchronized Optional<Trunk> findTrunk(String trunkId) { return Optional.ofNullable(trunks.get(trunkId)); }

    @Override
    public synchronized void insertTrunk(Trunk trunk) {
        if (trunks.putIfAbsent(trunk.id(), trunk) != null) throw new AlreadyStoredException("trunk '" + trunk.id() + "'", null);
    }

    @Override public synchronized boolean updateTrunk(Trunk trunk) { return trunks.replace(trunk.id(), trunk) != null; }

    @Override
    public synchronized boolean deleteTrunk(String trunkId) {
        if (trunks.remove(trunkId) == null) return false;
        numbers.replaceAll((k, n) -> trunkId.equals(n.trunkId()) ? n.withTrunk(null) : n);
        return true;
    }

    @Override
    public synchronized List<DidNumber> listNumbers(String accountId) {
        return numbers.values().stream().filter(n -> n.accountId().equals(accountId)).toList();
    }

    @Override public synchronized Optional<DidNumber> findNumber(String number) { return Optional.ofNullable(numbers.get(number)); }

    @Override
    public synchronized void insertNumber(DidNumber number) {
        if (numbers.putIfAbsent(number.number(), number) != null) {
            throw new AlreadyStoredException("number '" + number.number() + "'", null);
        }
    }

    @Override public synchronized boolean updateNumber(DidNumber number) { return numbers.replace(number.number(), number) != null; }

    @Override public synchronized boolean deleteNumber(String number) { return numbers.remove(number) != null; }
}
