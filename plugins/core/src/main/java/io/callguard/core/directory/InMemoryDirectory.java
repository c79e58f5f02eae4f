package io.callguard.core.directory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The directory decisions read. The store loads it at start and every successful write updates it before the
 * HTTP reply goes out, so a decision taken after an API call returns sees the change.
 */
public final class InMemoryDirectory implements Directory {
    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Trunk> trunks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, DidNumber> numbers = new ConcurrentHashMap<>();

    @Override public Optional<Account> account(String id) { return id == null ? Optional.empty() : Optional.ofNullable(accounts.get(id)); }

    @Override public Optional<Trunk> trunk(String id) { return id == null ? Optional.empty() : Optional.ofNullable(trunks.get(id)); }

    @Override public Optional<DidNumber> number(String number) { return number == null ? Optional.empty() : Optional.ofNullable(numbers.get(number)); }

    @Override public Collection<Account> accounts() { return List.copyOf(accounts.values()); }

    @Override public Collection<Trunk> trunksOf(String accountId) {
        return trunks.values().stream().filter(t -> t.accountId().equals(accountId)).toList();
    }

    @Override public Collection<DidNumber> numbersOf(String accountId) {
        return numbers.values().stream().filter(n -> n.accountId().equals(accountId)).toList();
    }

    public void put(Account account) { accounts.put(account.id(), account); }

    public void put(Trunk trunk) { trunks.put(trunk.id(), trunk); }

    public void put(DidNumber number) { numbers.put(number.number(), number); }

    /** Removes the account with its trunks and numbers. */
    public void removeAccount(String id) {
        accounts.remove(id);
        trunks.values().removeIf(t -> t.accountId().equals(id));
        numbers.values().removeIf(n -> n.accountId().equals(id));
    }

    /** Removes the trunk; its numbers stay with their account, without a trunk (as the store does). */
    public void removeTrunk(String id) {
        trunks.remove(id);
        numbers.replaceAll((k, n) -> id.equals(n.trunkId()) ? n.withTrunk(null) : n);
    }

    public void removeNumber(String number) { numbers.remove(number); }
}
