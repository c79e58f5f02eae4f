package io.callguard.core.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The subscriptions of a {@link ChangeFeed} by kind, and their delivery: each listener isolated (a failure is logged,
 * the others still hear), deliveries serialised so that a module never reloads twice at once.
 */
public final class ChangeListeners {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeListeners.class);
    /** At most this many characters in a kind or an id: a notification must stay well under PostgreSQL's 8000 bytes. */
    public static final int MAX_LENGTH = 200;

    private final Map<String, List<ChangeListener>> byKind = new ConcurrentHashMap<>();
    private final Object delivering = new Object();

    public Runnable subscribe(String kind, ChangeListener listener) {
        checkKind(kind);
        Objects.requireNonNull(listener, "listener");
        List<ChangeListener> list = byKind.computeIfAbsent(kind, k -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    /** Tells the listeners of {@code kind} that {@code id} changed; none subscribed: nothing. */
    public void deliver(String kind, String id) {
        List<ChangeListener> list = byKind.getOrDefault(kind, List.of());
        synchronized (delivering) {
            for (ChangeListener l : list) {
                try {
                    l.changed(id);
                } catch (RuntimeException e) {
                    LOG.warn("change of {} '{}' from another node not applied here (the periodic reload will): {}",
                            kind, id, e.toString());
                }
            }
        }
    }

    /** Every listener's full reload, in kind order of subscription. */
    public void reloadAll() {
        synchronized (delivering) {
            byKind.forEach((kind, list) -> {
                for (ChangeListener l : list) {
                    try {
                        l.reloadAll();
                    } catch (RuntimeException e) {
                        LOG.warn("full reload of {} failed (the cached one stays in force): {}", kind, e.toString());
                    }
                }
            });
        }
    }

    /** The kinds someone listens to. */
    public java.util.Set<String> kinds() { return java.util.Set.copyOf(byKind.keySet()); }

    /** A kind: 1 to {@link #MAX_LENGTH} characters among letters, digits, '.', '-' and '_'. */
    public static String checkKind(String kind) {
        if (kind == null || kind.isEmpty() || kind.length() > MAX_LENGTH
                || !kind.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_')) {
            throw new IllegalArgumentException("kind: letters, digits, '.', '-', '_' (1 to " + MAX_LENGTH + "), got '" + kind + "'");
        }
        return kind;
    }
}
