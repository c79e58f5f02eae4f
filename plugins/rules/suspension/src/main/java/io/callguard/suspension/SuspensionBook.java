package io.callguard.suspension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open suspensions (scheduled or active), in memory, by account: the read model of the decision path. Reads are
 * lock-free (one map lookup, then a scan of that account's few open suspensions, an immutable list); writes
 * ({@link #put}, {@link #end}, {@link #load}) are serialised and replace the account's list, so a read sees a
 * suspension completely or not at all, and sees it as soon as {@code put} returns.
 *
 * <p>The book does not schedule anything: a scheduled suspension is stored with its start and blocks calls from
 * {@code startsAt} on, because every read compares {@code startsAt} with the instant it is given.
 */
public final class SuspensionBook {
    private final ConcurrentHashMap<String, List<Suspension>> byAccount = new ConcurrentHashMap<>();
    /** Suspension id → account, to end a suspension by id. Written under the same lock as {@link #byAccount}. */
    private final ConcurrentHashMap<String, String> accountOf = new ConcurrentHashMap<>();

    /**
     * Whether an outbound call of {@code accountId} on {@code trunkId} is blocked at {@code now}: an open suspension of
     * the whole account, or of that trunk, has started ({@code startsAt <= now}).
     *
     * @param trunkId the call's trunk; null or empty when unknown (then only an account-wide suspension blocks)
     */
    public boolean outboundBlocked(String accountId, String trunkId, Instant now) {
        if (accountId == null || accountId.isEmpty()) return false;
        List<Suspension> open = byAccount.get(accountId);
        if (open == null) return false;
        for (Suspension s : open) {
            if (!s.startsAt().isAfter(now) && s.covers(trunkId)) return true;
        }
        return false;
    }

    /**
     * Why outbound traffic of {@code accountId} on {@code trunkId} is blocked at {@code now} (the CTI's account status:
     * click-to-call, SMS), or empty when it is not: blocked exactly when the decision path would refuse such a call
     * ({@link #outboundBlocked}), the reason being the code of the oldest suspension in force. Never blocks.
     *
     * @param trunkId the line involved; null when none: then only an account-wide suspension counts
     */
    public Optional<String> blockedReason(String accountId, String trunkId, Instant now) {
        if (!outboundBlocked(accountId, trunkId, now)) return Optional.empty();
        List<Suspension> active = activeFor(accountId, trunkId, now);
        // trunkId null: activeFor lists trunk-level suspensions too, but only an account-wide one blocks then
        for (Suspension s : active) {
            if (trunkId != null || s.accountWide()) return Optional.of(s.reason().code());
        }
        return Optional.of(active.isEmpty() ? "SUSPENDED" : active.get(0).reason().code());
    }

    /**
     * The open suspensions of {@code accountId} active at {@code now}: those that block {@code trunkId} (account-wide
     * ones and that trunk's); with {@code trunkId} null or empty, all of the account's, trunk-level ones included
     * (the account's status). Oldest first.
     */
    public List<Suspension> activeFor(String accountId, String trunkId, Instant now) {
        boolean allTrunks = trunkId == null || trunkId.isEmpty();
        List<Suspension> out = new ArrayList<>();
        for (Suspension s : openFor(accountId)) {
            if (!s.startsAt().isAfter(now) && (allTrunks || s.covers(trunkId))) out.add(s);
        }
        return out;
    }

    /** The open suspensions (scheduled and active) of {@code accountId}, oldest first. */
    public List<Suspension> openFor(String accountId) {
        if (accountId == null) return List.of();
        List<Suspension> open = byAccount.get(accountId);
        return open == null ? List.of() : open;
    }

    /** Every open suspension, of every account. */
    public List<Suspension> open() {
        List<Suspension> out = new ArrayList<>();
        for (List<Suspension> l : byAccount.values()) out.addAll(l);
        return out;
    }

    public Optional<Suspension> get(String id) {
        String account = id == null ? null : accountOf.get(id);
        if (account == null) return Optional.empty();
        for (Suspension s : openFor(account)) {
            if (s.id().equals(id)) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** Number of open suspensions. */
    public int size() { return accountOf.size(); }

    /** Replaces the whole content with the open suspensions among {@code suspensions} (at start, from the repository). */
    public synchronized void load(Collection<Suspension> suspensions) {
        Map<String, List<Suspension>> next = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        for (Suspension s : suspensions) {
            if (s.ended()) continue;
            if (ids.put(s.id(), s.accountId()) != null) {
                throw new IllegalArgumentException("suspension " + s.id() + " is listed twice");
            }
            next.computeIfAbsent(s.accountId(), k -> new ArrayList<>()).add(s);
        }
        byAccount.clear();
        accountOf.clear();
        next.forEach((account, list) -> byAccount.put(account, sorted(list)));
        accountOf.putAll(ids);
    }

    /** Adds or replaces {@code s} (same id); an ended suspension is removed instead. */
    public synchronized void put(Suspension s) {
        Objects.requireNonNull(s, "suspension");
        if (s.ended()) {
            end(s.id());
            return;
        }
        String previousAccount = accountOf.get(s.id());
        if (previousAccount != null && !previousAccount.equals(s.accountId())) end(s.id());
        List<Suspension> next = new ArrayList<>();
        for (Suspension o : openFor(s.accountId())) {
            if (!o.id().equals(s.id())) next.add(o);
        }
        next.add(s);
        accountOf.put(s.id(), s.accountId());
        byAccount.put(s.accountId(), sorted(next));
    }

    /** Removes the open suspension {@code id}; returns it, or empty if it was not open here. */
    public synchronized Optional<Suspension> end(String id) {
        String account = id == null ? null : accountOf.get(id);
        if (account == null) return Optional.empty();
        Suspension removed = null;
        List<Suspension> next = new ArrayList<>();
        for (Suspension o : openFor(account)) {
            if (o.id().equals(id)) removed = o;
            else next.add(o);
        }
        if (next.isEmpty()) byAccount.remove(account);
        else byAccount.put(account, List.copyOf(next));
        accountOf.remove(id);
        return Optional.ofNullable(removed);
    }

    private static List<Suspension> sorted(List<Suspension> list) {
        list.sort((a, b) -> {
            int c = a.createdAt().compareTo(b.createdAt());
            return c != 0 ? c : a.id().compareTo(b.id());
        });
        return List.copyOf(list);
    }
}
