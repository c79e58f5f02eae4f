package io.callguard.server.admin;

import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.server.http.FieldError;
import io.callguard.server.http.Problem;
import io.callguard.server.http.ProblemException;
import io.callguard.store.DuplicateKeyException;
import io.callguard.store.Store;
import io.callguard.suspension.Suspension;
import io.callguard.suspension.SuspensionBook;
import io.callguard.tariff.NumberTariffs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The admin API's accounts, trunks and numbers: reads from the store, writes to the store and then to the
 * in-memory directory the decisions read, before the HTTP reply (so the next decision sees the change). Every
 * method blocks (JDBC): call it through {@link StoreWorker}. Writes are serialised so the store and the directory
 * cannot be updated in different orders by two concurrent requests.
 *
 * <p>Every write appends an audit entry ({@code account.create|update|delete}, {@code trunk.…}, {@code number.…};
 * target {@code account:<id>}, {@code trunk:<id>}, {@code number:<national number>}) with the actor and the object
 * before and after, as the API shows it. The entry is appended after the change, under the same lock (entries come
 * in the order of the changes); if it cannot be stored the change stands and the entry is logged at ERROR.
 */
final class DirectoryService {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryService.class);

    private final Store store;
    private final InMemoryDirectory directory;
    private final AuditLog audit;
    private final SuspensionBook suspensions;
    private final Consumer<String> accountRemoved;
    private final Clock clock;
    private final Consumer<String> trunkRemoved;
    private final Object writeLock = new Object();

    /**
     * @param suspensions the decisions' open suspensions, from which a deleted account's are dropped
     * @param accountRemoved forgets a deleted account in the rule modules (the CTI API keys' authentication cache)
     * @param trunkRemoved releases the channel reservations of a deleted trunk (also of a deleted account's trunks)
     */
    DirectoryService(Store store, InMemoryDirectory directory, AuditLog audit, SuspensionBook suspensions,
                     Consumer<String> accountRemoved, Clock clock, Consumer<String> trunkRemoved) {
        this.store = store;
        this.directory = directory;
        this.audit = audit;
        this.suspensions = suspensions;
        this.accountRemoved = accountRemoved;
        this.clock = clock;
        this.trunkRemoved = trunkRemoved;
    }

    // --- accounts ---

    List<Account> accounts() { return store.listAccounts(); }

    Account account(String id) {
        Optional<Account> a = Ids.valid(id) ? store.findAccount(id) : Optional.empty();
        return a.orElseThrow(() -> Problem.notFound("account '" + id + "' not found").exception());
    }

    Account createAccount(Account a, String actor) {
        synchronized (writeLock) {
            try {
                store.insertAccount(a);
            } catch (DuplicateKeyException e) {
                throw Problem.conflict("account '" + a.id() + "' already exists").exception();
            }
            directory.put(a);
            record(actor, "account.create", "account:" + a.id(), null, ApiJson.account(a));
        }
        LOG.info("account '{}' created", a.id());
        return a;
    }

    Account replaceAccount(Account a, String actor) {
        synchronized (writeLock) {
            Account before = account(a.id());
            if (!store.updateAccount(a)) throw Problem.notFound("account '" + a.id() + "' not found").exception();
            directory.put(a);
            record(actor, "account.update", "account:" + a.id(), ApiJson.account(before), ApiJson.account(a));
        }
        LOG.info("account '{}' updated", a.id());
        return a;
    }

    void deleteAccount(String id, String actor) {
        synchronized (writeLock) {
            // What goes with it (trunks, numbers, suspensions: deleted by the database) is kept in the audit entry.
            List<Trunk> trunks = store.listTrunks(id);
            JsonObject before = ApiJson.account(account(id))
                    .put("trunks", ApiJson.array(trunks, ApiJson::trunk))
                    .put("numbers", ApiJson.array(store.listNumbers(id), ApiJson::number));
            if (!store.deleteAccount(id)) throw Problem.notFound("account '" + id + "' not found").exception();
            directory.removeAccount(id);
            // Its trunks' reservations must not outlive them: a trunk created again with an id starts empty.
            trunks.forEach(t -> trunkRemoved.accept(t.id()));
            // The database deleted its API keys; the authentication cache must too, or they would keep acting (for
            // an account created again with this id, unrevocable since no longer listed).
            accountRemoved.accept(id);
            // Its open suspensions must not outlive it: an account created again with this id starts unsuspended.
            JsonArray dropped = new JsonArray();
            for (Suspension s : suspensions.openFor(id)) {
                suspensions.end(s.id());
                dropped.add(s.id());
            }
            before.put("openSuspensions", dropped);
            record(actor, "account.delete", "account:" + id, before, null);
        }
        LOG.info("account '{}' deleted with its trunks, numbers and API keys", id);
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
            } catch (DuplicateKeyException e) {
                throw Problem.conflict("trunk '" + t.id() + "' already exists (trunk ids are unique across accounts)").exception();
            }
            directory.put(t);
            record(actor, "trunk.create", "trunk:" + t.id(), null, ApiJson.trunk(t));
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
            record(actor, "trunk.update", "trunk:" + t.id(), ApiJson.trunk(before), ApiJson.trunk(t));
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
            trunkRemoved.accept(trunkId); // a trunk created again with this id starts empty
            // the store cleared trunkId on the trunk's numbers: mirror that
            store.listNumbers(accountId).forEach(directory::put);
            record(actor, "trunk.delete", "trunk:" + trunkId, ApiJson.trunk(before), null);
        }
        LOG.info("trunk '{}' of account '{}' deleted", trunkId, accountId);
    }

    private Trunk ownTrunk(String accountId, String trunkId) {
        Optional<Trunk> t = Ids.valid(trunkId) ? store.findTrunk(trunkId) : Optional.empty();
        return t.filter(x -> x.accountId().equals(accountId)).orElseThrow(() -> trunkNotFound(accountId, trunkId));
    }

    private static ProblemException trunkNotFound(String accountId, String trunkId) {
        return Problem.notFound("trunk '" + trunkId + "' not found in account '" + accountId + "'").exception();
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
            } catch (DuplicateKeyException e) {
                throw Problem.conflict("number '" + n.number() + "' is already assigned").exception();
            }
            directory.put(n);
            record(actor, "number.create", "number:" + n.number(), null, ApiJson.number(n));
        }
        LOG.info("number {} assigned to account '{}'", n.number(), n.accountId());
        return n;
    }

    DidNumber replaceNumber(DidNumber n, String actor) {
        synchronized (writeLock) {
            account(n.accountId());
            DidNumber before = ownNumber(n.accountId(), Optional.of(n.number()), n.number());
            n = NumberTariffs.keepingSwitchOff(before, n); // R9: the first switch-off stands while the option stays off
            checkTrunk(n);
            if (!store.updateNumber(n)) throw numberNotFound(n.accountId(), n.number());
            directory.put(n);
            record(actor, "number.update", "number:" + n.number(), ApiJson.number(before), ApiJson.number(n));
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
            record(actor, "number.delete", "number:" + n.number(), ApiJson.number(n), null);
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
            throw Problem.validation(List.of(new FieldError("trunkId",
                    "trunk '" + n.trunkId() + "' is not a trunk of account '" + n.accountId() + "'"))).exception();
        }
    }

    private static ProblemException numberNotFound(String accountId, String number) {
        return Problem.notFound("number '" + number + "' not found in account '" + accountId + "'").exception();
    }

    // --- audit ---

    private void record(String actor, String action, String target, JsonObject before, JsonObject after) {
        AuditEntry entry = AuditEntry.of(clock.instant(), actor, action, target,
                before == null ? null : before.encode(), after == null ? null : after.encode());
        try {
            audit.append(entry);
        } catch (RuntimeException e) {
            LOG.error("audit entry could not be stored (the change stands): {}", entry, e);
        }
    }
}
