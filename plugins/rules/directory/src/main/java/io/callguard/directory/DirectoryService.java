package io.callguard.directory;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.cluster.ChangeFeed;
import io.callguard.core.cluster.LocalChangeFeed;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.AccountRemovalListener;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.Ids;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.NumberTariffFields;
import io.callguard.core.directory.SpecialTariff;
import io.callguard.core.directory.Trunk;
import io.callguard.core.directory.TrunkRemovalListener;
import io.callguard.core.json.CompactJson;
import io.callguard.core.module.BodyFields;
import io.callguard.core.module.RouteResponse.InvalidFields;
import io.callguard.core.numbering.ClassifiedNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API's accounts, trunks and numbers: reads from the repository, writes to it and then to the in-memory
 * directory the decisions read, before the reply (so the next decision sees the change). Every method may block on
 * the repository. Writes are serialised so the store and the directory cannot be updated in different orders by two
 * concurrent requests.
 *
 * <p>Every write appends an audit entry ({@code account.create|update|delete}, {@code trunk.…}, {@code number.…};
 * target {@code account:<id>}, {@code trunk:<id>}, {@code number:<national number>}) with the actor and the object
 * before and after, as the API shows it. The entry is appended after the change, under the same lock (entries come
 * in the order of the changes); if it cannot be stored the change stands and the entry is logged at ERROR.
 *
 * <p>What a deletion takes with it in the other rules is theirs to forget: every {@link TrunkRemovalListener} hears of
 * each trunk gone (the call caps' reservations), every {@link AccountRemovalListener} of the account gone (its open
 * suspensions, its CTI keys), found when the deletion happens ({@link Services#all}).
 */
final class DirectoryService {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryService.class);

    /** Where the listeners and the tariff fields are found, at the time of use ({@code ModuleContext::all}). */
    @FunctionalInterface
    interface Services {
        <T> List<T> all(Class<T> type);
    }

    /** Without a tariff rule a number has no tariff field. */
    static final NumberTariffFields NO_TARIFF = new NumberTariffFields() {
        @Override public Set<String> fields() { return Set.of(); }

        @Override
        public SpecialTariff read(BodyFields body, ClassifiedNumber number, Instant at, String actor) { return null; }

        @Override public DidNumber replacing(DidNumber before, DidNumber after) { return after; }

        @Override public Map<String, Object> json(DidNumber number) { return Map.of(); }
    };

    private final DirectoryRepository store;
    private final InMemoryDirectory directory;
    private final AuditLog audit;
    private final Services services;
    private final Clock clock;
    private final Object writeLock = new Object();
    /** Where this node's changes are told to the other nodes sharing the store (nothing on a single node). */
    private final ChangeFeed feed;

    /** @param clock the time of audit entries (milliseconds, as the store keeps them) */
    DirectoryService(DirectoryRepository store, InMemoryDirectory directory, AuditLog audit, Services services,
                     Clock clock) {
        this(store, directory, audit, services, clock, new LocalChangeFeed());
    }

    /** @param feed where each change is published ({@link DirectoryModule#CHANGES}, the account's id), after the store write */
    DirectoryService(DirectoryRepository store, InMemoryDirectory directory, AuditLog audit, Services services,
                     Clock clock, ChangeFeed feed) {
        this.feed = feed;
        this.store = store;
        this.directory = directory;
        this.audit = audit;
        this.services = services;
        this.clock = clock;
    }

    /** The tariff rule's view of a number's tariff fields; {@link #NO_TARIFF} without one. */
    NumberTariffFields tariffs() {
        List<NumberTariffFields> all = services.all(NumberTariffFields.class);
        return all.isEmpty() ? NO_TARIFF : all.get(0);
    }

    Map<String, Object> numberJson(DidNumber n) { return DirectoryJson.number(n, tariffs()); }

    // --- accounts ---

    List<Account> accounts() { return store.listAccounts(); }

    Account account(String id) {
        Optional<Account> a = Ids.valid(id) ? store.findAccount(id) : Optional.empty();
        return a.orElseThrow(() -> DirectoryRefusal.notFound("account '" + id + "' not found"));
    }

    Account createAccount(Account a, String actor) {
        synchronized (writeLock) {
            try {
                store.insertAccount(a);
            } catch (AlreadyStoredException e) {
                throw DirectoryRefusal.conflict("account '" + a.id() + "' already exists");
            }
            directory.put(a);
            record(actor, "account.create", "account:" + a.id(), null, DirectoryJson.account(a));
            feed.publish(DirectoryModule.CHANGES, a.id());
        }
        LOG.info("account '{}' created", a.id());
        return a;
    }

    Account replaceAccount(Account a, String actor) {
        synchronized (writeLock) {
            Account before = account(a.id());
            if (!store.updateAccount(a)) throw DirectoryRefusal.notFound("account '" + a.id() + "' not found");
            directory.put(a);
            record(actor, "account.update", "account:" + a.id(), DirectoryJson.account(before), DirectoryJson.account(a));
            feed.publish(DirectoryModule.CHANGES, a.id());
        }
        LOG.info("account '{}' updated", a.id());
        return a;
    }

    void deleteAccount(String id, String actor) {
        synchronized (writeLock) {
            // What goes with it (trunks, numbers, suspensions: deleted by the database) is kept in the audit entry.
            List<Trunk> trunks = store.listTrunks(id);
            Map<String, Object> before = DirectoryJson.account(account(id));
            before.put("trunks", DirectoryJson.array(trunks, DirectoryJson::trunk));
            before.put("numbers", DirectoryJson.array(store.listNumbers(id), this::numberJson));
            if (!store.deleteAccount(id)) throw DirectoryRefusal.notFound("account '" + id + "' not found");
            directory.removeAccount(id);
            // Its trunks' state must not outlive them: a trunk created again with an id starts empty.
            trunks.forEach(t -> trunkRemoved(t.id()));
            // Nor its state in the other rules (open suspensions, CTI keys' authentication cache): an account
            // created again with this id starts afresh. Each says what it dropped, for the audit entry.
            for (AccountRemovalListener l : services.all(AccountRemovalListener.class)) {
                before.putAll(l.accountRemoved(id));
            }
            record(actor, "account.delete", "account:" + id, before, null);
            feed.publish(DirectoryModule.CHANGES, id);
        }
        LOG.info("account '{}' deleted with its trunks, numbers and API keys", id);
    }

    // --- changes made on other nodes ---

    /**
     * Another node changed account {@code id}, its trunks or its numbers: they are read again from the store and
     * replace this node's; what is gone is removed, with what its removal takes in the other rules (as a deletion
     * here does). Under the write lock, so that it never interleaves with a write of this node.
     */
    void reloadAccount(String id) {
        if (!Ids.valid(id)) return;
        synchronized (writeLock) {
            Optional<Account> account = store.findAccount(id);
            apply(id, account, account.isPresent() ? store.listTrunks(id) : List.of(),
                    account.isPresent() ? store.listNumbers(id) : List.of());
        }
    }

    /** Reads the whole directory again and applies the differences, account by account (the safety net). */
    void reloadAll() {
        synchronized (writeLock) {
            InMemoryDirectory fresh = new InMemoryDirectory();
            store.loadInto(fresh);
            java.util.Set<String> ids = new java.util.TreeSet<>();
            directory.accounts().forEach(a -> ids.add(a.id()));
            fresh.accounts().forEach(a -> ids.add(a.id()));
            for (String id : ids) {
                apply(id, fresh.account(id), List.copyOf(fresh.trunksOf(id)), List.copyOf(fresh.numbersOf(id)));
            }
        }
    }

    /** Makes this node's copy of one account what the store holds: added and changed entries first, then removals. */
    private void apply(String id, Optional<Account> account, List<Trunk> trunks, List<DidNumber> numbers) {
        if (account.isEmpty()) {
            if (directory.account(id).isEmpty()) return;
            List<Trunk> gone = List.copyOf(directory.trunksOf(id));
            directory.removeAccount(id);
            gone.forEach(t -> trunkRemoved(t.id()));
            for (AccountRemovalListener l : services.all(AccountRemovalListener.class)) l.accountRemoved(id);
            LOG.info("account '{}' deleted on another node: removed here with its trunks and numbers", id);
            return;
        }
        directory.put(account.get());
        trunks.forEach(directory::put);
        numbers.forEach(directory::put);
        java.util.Set<String> trunkIds = new java.util.HashSet<>();
        trunks.forEach(t -> trunkIds.add(t.id()));
        for (Trunk t : List.copyOf(directory.trunksOf(id))) {
            if (trunkIds.contains(t.id())) continue;
            directory.removeTrunk(t.id());
            trunkRemoved(t.id());
        }
        java.util.Set<String> kept = new java.util.HashSet<>();
        numbers.forEach(n -> kept.add(n.number()));
        for (DidNumber n : List.copyOf(directory.numbersOf(id))) {
            if (!kept.contains(n.number())) directory.removeNumber(n.number());
        }
    }

    // --- trunks ---

    List<Trunk> trunks(String accountId) {
        account(accountId);
        return store.listTrunks(accountId);
    }

    Trunk trunk(String accountId, String trunkId) {
        account(accountId);
        return ownTrunk(accountId, trunkId);
    }

    Trunk createTrunk(Trunk t, String actor) {
        synchronized (writeLock) {
            account(t.accountId());
            try {
                store.insertTrunk(t);
            } catch (AlreadyStoredException e) {
                throw DirectoryRefusal.conflict("trunk '" + t.id() + "' already exists (trunk ids are unique across accounts)");
            }
            directory.put(t);
            record(actor, "trunk.create", "trunk:" + t.id(), null, DirectoryJson.trunk(t));
            feed.publish(DirectoryModule.CHANGES, t.accountId());
        }
        LOG.info("trunk '{}' of account '{}' created ({} channels)", t.id(), t.accountId(), t.channels());
        return t;
    }

    Trunk replaceTrunk(Trunk t, String actor) {
        synchronized (writeLock) {
            account(t.accountId());
            Trunk before = ownTrunk(t.accountId(), t.id());
            if (!store.updateTrunk(t)) throw trunkNotFound(t.accountId(), t.id());
            directory.put(t);
            record(actor, "trunk.update", "trunk:" + t.id(), DirectoryJson.trunk(before), DirectoryJson.trunk(t));
            feed.publish(DirectoryModule.CHANGES, t.accountId());
        }
        LOG.info("trunk '{}' of account '{}' updated ({} channels)", t.id(), t.accountId(), t.channels());
        return t;
    }

    void deleteTrunk(String accountId, String trunkId, String actor) {
        synchronized (writeLock) {
            account(accountId);
            Trunk before = ownTrunk(accountId, trunkId);
            if (!store.deleteTrunk(trunkId)) throw trunkNotFound(accountId, trunkId);
            directory.removeTrunk(trunkId);
            trunkRemoved(trunkId); // a trunk created again with this id starts empty
            // the store cleared trunkId on the trunk's numbers: mirror that
            store.listNumbers(accountId).forEach(directory::put);
            record(actor, "trunk.delete", "trunk:" + trunkId, DirectoryJson.trunk(before), null);
            feed.publish(DirectoryModule.CHANGES, accountId);
        }
        LOG.info("trunk '{}' of account '{}' deleted", trunkId, accountId);
    }

    private void trunkRemoved(String trunkId) {
        for (TrunkRemovalListener l : services.all(TrunkRemovalListener.class)) l.trunkRemoved(trunkId);
    }

    private Trunk ownTrunk(String accountId, String trunkId) {
        Optional<Trunk> t = Ids.valid(trunkId) ? store.findTrunk(trunkId) : Optional.empty();
        return t.filter(x -> x.accountId().equals(accountId)).orElseThrow(() -> trunkNotFound(accountId, trunkId));
    }

    private static DirectoryRefusal trunkNotFound(String accountId, String trunkId) {
        return DirectoryRefusal.notFound("trunk '" + trunkId + "' not found in account '" + accountId + "'");
    }

    // --- numbers ---

    List<DidNumber> numbers(String accountId) {
        account(accountId);
        return store.listNumbers(accountId);
    }

    DidNumber number(String accountId, Optional<String> number, String asGiven) {
        account(accountId);
        return ownNumber(accountId, number, asGiven);
    }

    DidNumber createNumber(DidNumber n, String actor) {
        synchronized (writeLock) {
            account(n.accountId());
            checkTrunk(n);
            try {
                store.insertNumber(n);
            } catch (AlreadyStoredException e) {
                throw DirectoryRefusal.conflict("number '" + n.number() + "' is already assigned");
            }
            directory.put(n);
            record(actor, "number.create", "number:" + n.number(), null, numberJson(n));
            feed.publish(DirectoryModule.CHANGES, n.accountId());
        }
        LOG.info("number {} assigned to account '{}'", n.number(), n.accountId());
        return n;
    }

    DidNumber replaceNumber(DidNumber n, String actor) {
        synchronized (writeLock) {
            account(n.accountId());
            DidNumber before = ownNumber(n.accountId(), Optional.of(n.number()), n.number());
            n = tariffs().replacing(before, n); // R9: the first switch-off stands while the option stays off
            checkTrunk(n);
            if (!store.updateNumber(n)) throw numberNotFound(n.accountId(), n.number());
            directory.put(n);
            record(actor, "number.update", "number:" + n.number(), numberJson(before), numberJson(n));
            feed.publish(DirectoryModule.CHANGES, n.accountId());
        }
        LOG.info("number {} of account '{}' updated", n.number(), n.accountId());
        return n;
    }

    void deleteNumber(String accountId, Optional<String> number, String asGiven, String actor) {
        synchronized (writeLock) {
            account(accountId);
            DidNumber n = ownNumber(accountId, number, asGiven);
            if (!store.deleteNumber(n.number())) throw numberNotFound(accountId, asGiven);
            directory.removeNumber(n.number());
            record(actor, "number.delete", "number:" + n.number(), numberJson(n), null);
            feed.publish(DirectoryModule.CHANGES, accountId);
        }
        LOG.info("number {} of account '{}' released", number.orElse(asGiven), accountId);
    }

    private DidNumber ownNumber(String accountId, Optional<String> number, String asGiven) {
        return number.flatMap(store::findNumber).filter(n -> n.accountId().equals(accountId))
                .orElseThrow(() -> numberNotFound(accountId, asGiven));
    }

    private void checkTrunk(DidNumber n) {
        if (n.trunkId() == null) return;
        boolean own = store.findTrunk(n.trunkId()).map(t -> t.accountId().equals(n.accountId())).orElse(false);
        if (!own) {
            throw InvalidFields.of("trunkId", "trunk '" + n.trunkId() + "' is not a trunk of account '" + n.accountId() + "'");
        }
    }

    private static DirectoryRefusal numberNotFound(String accountId, String number) {
        return DirectoryRefusal.notFound("number '" + number + "' not found in account '" + accountId + "'");
    }

    // --- audit ---

    private void record(String actor, String action, String target, Map<String, Object> before,
                        Map<String, Object> after) {
        AuditEntry entry = AuditEntry.of(clock.instant(), actor, action, target,
                before == null ? null : CompactJson.write(before), after == null ? null : CompactJson.write(after));
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            LOG.error("audit entry could not be stored (the change stands): {}", entry, e);
        }
    }
}
