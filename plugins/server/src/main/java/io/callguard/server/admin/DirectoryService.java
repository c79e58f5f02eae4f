package io.callguard.server.admin;

import io.callguard.core.directory.Account;
import io.callguard.core.directory.DidNumber;
import io.callguard.core.directory.InMemoryDirectory;
import io.callguard.core.directory.Trunk;
import io.callguard.store.DuplicateKeyException;
import io.callguard.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * The admin API's accounts, trunks and numbers: reads from the store, writes to the store and then to the
 * in-memory directory the decisions read, before the HTTP reply (so the next decision sees the change). Every
 * method blocks (JDBC): call it through {@link StoreWorker}. Writes are serialised so the store and the directory
 * cannot be updated in different orders by two concurrent requests.
 */
final class DirectoryService {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryService.class);

    private final Store store;
    private final InMemoryDirectory directory;
    private final Object writeLock = new Object();

    DirectoryService(Store store, InMemoryDirectory directory) {
        this.store = store;
        this.directory = directory;
    }

    // --- accounts ---

    List<Account> accounts() { return store.listAccounts(); }

    Account account(String id) {
        Optional<Account> a = Ids.valid(id) ? store.findAccount(id) : Optional.empty();
        return a.orElseThrow(() -> Problem.notFound("account '" + id + "' not found").exception());
    }

    Account createAccount(Account a) {
        synchronized (writeLock) {
            try {
                store.insertAccount(a);
            } catch (DuplicateKeyException e) {
                throw Problem.conflict("account '" + a.id() + "' already exists").exception();
            }
            directory.put(a);
        }
        LOG.info("account '{}' created", a.id());
        return a;
    }

    Account replaceAccount(Account a) {
        synchronized (writeLock) {
            if (!store.updateAccount(a)) throw Problem.notFound("account '" + a.id() + "' not found").exception();
            directory.put(a);
        }
        LOG.info("account '{}' updated", a.id());
        return a;
    }

    void deleteAccount(String id) {
        synchronized (writeLock) {
            if (!Ids.valid(id) || !store.deleteAccount(id)) throw Problem.notFound("account '" + id + "' not found").exception();
            directory.removeAccount(id);
        }
        LOG.info("account '{}' deleted with its trunks and numbers", id);
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

    Trunk createTrunk(Trunk t) {
        synchronized (writeLock) {
            account(t.accountId());
            try {
                store.insertTrunk(t);
            } catch (DuplicateKeyException e) {
                throw Problem.conflict("trunk '" + t.id() + "' already exists (trunk ids are unique across accounts)").exception();
            }
            directory.put(t);
        }
        LOG.info("trunk '{}' of account '{}' created ({} channels)", t.id(), t.accountId(), t.channels());
        return t;
    }

    Trunk replaceTrunk(Trunk t) {
        synchronized (writeLock) {
            account(t.accountId());
            ownTrunk(t.accountId(), t.id());
            if (!store.updateTrunk(t)) throw trunkNotFound(t.accountId(), t.id());
            directory.put(t);
        }
        LOG.info("trunk '{}' of account '{}' updated ({} channels)", t.id(), t.accountId(), t.channels());
        return t;
    }

    void deleteTrunk(String accountId, String trunkId) {
        synchronized (writeLock) {
            account(accountId);
            ownTrunk(accountId, trunkId);
            if (!store.deleteTrunk(trunkId)) throw trunkNotFound(accountId, trunkId);
            directory.removeTrunk(trunkId);
            // the store cleared trunkId on the trunk's numbers: mirror that
            store.listNumbers(accountId).forEach(directory::put);
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

    DidNumber createNumber(DidNumber n) {
        synchronized (writeLock) {
            account(n.accountId());
            checkTrunk(n);
            try {
                store.insertNumber(n);
            } catch (DuplicateKeyException e) {
                throw Problem.conflict("number '" + n.number() + "' is already assigned").exception();
            }
            directory.put(n);
        }
        LOG.info("number {} assigned to account '{}'", n.number(), n.accountId());
        return n;
    }

    DidNumber replaceNumber(DidNumber n) {
        synchronized (writeLock) {
            account(n.accountId());
            ownNumber(n.accountId(), Optional.of(n.number()), n.number());
            checkTrunk(n);
            if (!store.updateNumber(n)) throw numberNotFound(n.accountId(), n.number());
            directory.put(n);
        }
        LOG.info("number {} of account '{}' updated", n.number(), n.accountId());
        return n;
    }

    void deleteNumber(String accountId, Optional<String> number, String asGiven) {
        synchronized (writeLock) {
            account(accountId);
            DidNumber n = ownNumber(accountId, number, asGiven);
            if (!store.deleteNumber(n.number())) throw numberNotFound(accountId, asGiven);
            directory.removeNumber(n.number());
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
}
