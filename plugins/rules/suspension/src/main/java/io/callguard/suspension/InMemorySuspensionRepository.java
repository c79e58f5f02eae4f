package io.callguard.suspension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link SuspensionRepository} in memory, for tests: thread-safe, lost at exit. */
public final class InMemorySuspensionRepository implements SuspensionRepository {
    private static final Comparator<Suspension> OLDEST_FIRST =
            Comparator.comparing(Suspension::createdAt).thenComparing(Suspension::id);

    private final Map<String, Suspension> byId = new LinkedHashMap<>();

    @Override
    public synchronized void insert(Suspension suspension) {
        Objects.requireNonNull(suspension, "suspension");
        if (byId.containsKey(suspension.id())) {
            throw new IllegalStateException("suspension " + suspension.id() + " is already stored");
        }
        byId.put(suspension.id(), suspension);
    }

    @Override
    public synchronized boolean end(String id, EndKind how, String by, Instant at) {
        Suspension s = byId.get(id);
        if (s == null || s.ended()) return false;
        byId.put(id, s.end(how, by, at));
        return true;
    }

    @Override
    public synchronized List<Suspension> listByAccount(String accountId) {
        List<Suspension> out = new ArrayList<>();
        for (Suspension s : byId.values()) {
            if (s.accountId().equals(accountId)) out.add(s);
        }
        out.sort(OLDEST_FIRST);
        return out;
    }

    @Override
    public synchronized List<Suspension> listOpen() {
        List<Suspension> out = new ArrayList<>();
        for (Suspension s : byId.values()) {
            if (!s.ended()) out.add(s);
        }
        out.sort(OLDEST_FIRST);
        return out;
    }

    @Override
    public synchronized Optional<Suspension> find(String id) { return Optional.ofNullable(byId.get(id)); }
}
