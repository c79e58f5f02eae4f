package io.callguard.incidents;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Tickets in memory, for tests and a callguard without a store. Thread-safe. */
public final class InMemoryIncidentRepository implements IncidentRepository {
    static final Comparator<Incident> ORDER = Comparator.comparing(Incident::accountId)
            .thenComparing(Incident::openedAt).thenComparing(Incident::id);

    private final Map<String, Incident> byId = new ConcurrentHashMap<>();

    @Override
    public void insert(Incident incident) {
        if (byId.putIfAbsent(incident.id(), incident) != null) {
            throw new IllegalStateException("incident '" + incident.id() + "' exists");
        }
    }

    @Override
    public boolean update(Incident incident) { return byId.replace(incident.id(), incident) != null; }

    @Override
    public Optional<Incident> find(String id) { return Optional.ofNullable(byId.get(id)); }

    @Override
    public boolean delete(String id) { return byId.remove(id) != null; }

    @Override
    public List<Incident> byAccount(String accountId) {
        return byId.values().stream().filter(i -> i.accountId().equals(accountId)).sorted(ORDER).toList();
    }

    @Override
    public List<Incident> restoredWithin(String accountId, Instant from, Instant to) {
        return byId.values().stream()
                .filter(i -> accountId == null || i.accountId().equals(accountId))
                .filter(i -> i.open() ? i.openedAt().isBefore(to)
                        : !i.restoredAt().isBefore(from) && i.restoredAt().isBefore(to))
                .sorted(ORDER).toList();
    }

    /** Forgets a deleted account's tickets (the store's go with the account's row). */
    public void dropAccount(String accountId) { byId.values().removeIf(i -> i.accountId().equals(accountId)); }
}
