package io.callguard.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An {@link AuditLog} in memory, for tests: thread-safe, unbounded, lost at exit. */
public final class InMemoryAuditLog implements AuditLog {
    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized void append(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        entries.add(entry.withId(entries.size() + 1L));
    }

    @Override
    public synchronized List<AuditEntry> list(AuditQuery query) {
        List<AuditEntry> out = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0 && out.size() < query.limit(); i--) {
            AuditEntry e = entries.get(i);
            if (query.matches(e)) out.add(e);
        }
        return out;
    }

    /** Every entry, oldest first. */
    public synchronized List<AuditEntry> all() { return List.copyOf(entries); }
}
