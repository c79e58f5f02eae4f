package io.callguard.cti.calls;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** {@link CtiCallRepository} in memory, indexed by id, ActionID and Uniqueid. */
public final class InMemoryCtiCallRepository implements CtiCallRepository {
    private final ConcurrentHashMap<String, CtiCall> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> byActionId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> byUniqueId = new ConcurrentHashMap<>();

    @Override public void insert(CtiCall call) {
        if (byId.putIfAbsent(call.id(), call) != null) throw new IllegalStateException("duplicate call id " + call.id());
        byActionId.put(call.actionId(), call.id());
        byUniqueId.put(call.channelId(), call.id());
        if (call.uniqueId() != null) byUniqueId.put(call.uniqueId(), call.id());
    }

    @Override public Optional<CtiCall> get(String id) { return Optional.ofNullable(byId.get(id)); }

    @Override public Optional<CtiCall> findByActionId(String actionId) {
        String id = byActionId.get(actionId);
        return id == null ? Optional.empty() : get(id);
    }

    @Override public Optional<CtiCall> findByUniqueId(String uniqueId) {
        String id = byUniqueId.get(uniqueId);
        return id == null ? Optional.empty() : get(id);
    }

    @Override public Optional<CtiCall> update(String id, UnaryOperator<CtiCall> change) {
        CtiCall updated = byId.computeIfPresent(id, (k, c) -> change.apply(c));
        if (updated != null && updated.uniqueId() != null) byUniqueId.put(updated.uniqueId(), id);
        return Optional.ofNullable(updated);
    }

    @Override public int pruneFinished(Instant before) {
        int n = 0;
        for (CtiCall c : byId.values()) {
            if (c.status().terminal() && c.requestedAt().isBefore(before) && byId.remove(c.id(), c)) {
                byActionId.remove(c.actionId());
                byUniqueId.remove(c.channelId());
                if (c.uniqueId() != null) byUniqueId.remove(c.uniqueId());
                n++;
            }
        }
        return n;
    }
}
