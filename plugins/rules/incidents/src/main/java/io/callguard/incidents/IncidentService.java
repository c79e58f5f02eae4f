package io.callguard.incidents;

import io.callguard.core.ids.SortableIds;
import io.callguard.core.audit.AuditEntry;
import io.callguard.core.audit.AuditLog;
import io.callguard.core.json.CompactJson;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The tickets' writes: stored first, then audited ({@code incident.create|update|delete}, target
 * {@code incident:<id>}, the ticket before and after), all before the answer. Writes are serialised. Blocking (the
 * repository and the audit trail are the store's): run it off the event loop.
 */
public final class IncidentService {
    public static final String CREATE = "incident.create";
    public static final String UPDATE = "incident.update";
    public static final String DELETE = "incident.delete";

    private final IncidentRepository repository;
    private final AuditLog audit;
    private final Clock clock;

    public IncidentService(IncidentRepository repository, AuditLog audit, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Clock clock() { return clock; }

    /** Records a new ticket (the caller checked the account and the fields). */
    public synchronized Incident create(String accountId, String service, Instant openedAt, Instant restoredAt,
                                        String notes, String actor) {
        Instant now = clock.instant();
        Incident incident = new Incident(SortableIds.next(now), accountId, service, openedAt, restoredAt,
                notes == null ? "" : notes, now, actor);
        repository.insert(incident);
        audit.append(AuditEntry.of(now, actor, CREATE, target(incident.id()), null, CompactJson.write(json(incident))));
        return incident;
    }

    /** Applies {@code change} to the ticket; empty when there is none. */
    public synchronized Optional<Incident> update(String id, UnaryOperator<Incident> change, String actor) {
        Optional<Incident> before = repository.find(id);
        if (before.isEmpty()) return Optional.empty();
        Incident after = change.apply(before.get());
        if (!repository.update(after)) return Optional.empty();
        audit.append(AuditEntry.of(clock.instant(), actor, UPDATE, target(id), CompactJson.write(json(before.get())),
                CompactJson.write(json(after))));
        return Optional.of(after);
    }

    /** Deletes a ticket recorded by mistake; false when there is none. */
    public synchronized boolean delete(String id, String actor) {
        Optional<Incident> before = repository.find(id);
        if (before.isEmpty() || !repository.delete(id)) return false;
        audit.append(AuditEntry.of(clock.instant(), actor, DELETE, target(id), CompactJson.write(json(before.get())), null));
        return true;
    }

    public Optional<Incident> find(String id) { return repository.find(id); }

    public List<Incident> byAccount(String accountId) { return repository.byAccount(accountId); }

    public List<Incident> restoredWithin(String accountId, Instant from, Instant to) {
        return repository.restoredWithin(accountId, from, to);
    }

    static String target(String id) { return "incident:" + id; }

    /** The ticket's stored fields, as the API and the audit trail show them. */
    public static Map<String, Object> json(Incident i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", i.id());
        out.put("accountId", i.accountId());
        out.put("service", i.service());
        out.put("openedAt", i.openedAt().toString());
        out.put("restoredAt", i.restoredAt() == null ? null : i.restoredAt().toString());
        out.put("notes", i.notes());
        out.put("createdAt", i.createdAt().toString());
        out.put("createdBy", i.createdBy());
        return out;
    }
}
