package io.callguard.core.cluster;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a module that caches configuration in memory follows changes made on other nodes. Called off the event loop, on
 * the feed's own thread (one at a time), so it may read the store; it must apply what it read atomically for the
 * readers of its cache (replace entries, never clear then fill).
 */
public interface ChangeListener {
    /** The entry {@code id} of the subscribed kind changed (created, updated or deleted) on another node. */
    void changed(String id);

    /** Anything of the subscribed kind may have changed (periodic safety net, notifications missed): reload it all. */
    void reloadAll();

    /** A listener from its two parts. */
    static ChangeListener of(Consumer<String> changed, Runnable reloadAll) {
        Objects.requireNonNull(changed, "changed");
        Objects.requireNonNull(reloadAll, "reloadAll");
        return new ChangeListener() {
            @Override public void changed(String id) { changed.accept(id); }

            @Override public void reloadAll() { reloadAll.run(); }
        };
    }

    /** A listener that reloads everything of its kind whatever changed: for small caches cheap to read again. */
    static ChangeListener reloading(Runnable reloadAll) { return of(id -> reloadAll.run(), reloadAll); }
}
