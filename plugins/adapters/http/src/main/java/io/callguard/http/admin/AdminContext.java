package io.callguard.http.admin;

import io.callguard.core.audit.AuditLog;
import io.callguard.core.calls.CallTracker;
import io.callguard.http.StoreWorker;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the admin API works on besides the rule modules' routes.
 *
 * @param store   the store's ping, for /ready (blocking: called by {@link StoreProbe} on a thread of its own)
 * @param tracker live calls
 * @param worker  the "callguard-store" worker pool, and what the store's failures mean
 * @param ami     the AMI link's state, for /ready (must not block)
 * @param audit   the audit trail (blocking: used only through {@code worker})
 * @param state   the state backend's mode, for /ready ({@code LOCAL}, {@code REDIS}, {@code LOCAL_FALLBACK},
 *                {@code REDIS_DOWN}; must not block)
 */
public record AdminContext(StoreHealth store, CallTracker tracker, StoreWorker worker, Supplier<AmiStatus> ami,
                           AuditLog audit, Supplier<String> state) {
    /** A node counting in its own memory ({@code LOCAL}). */
    public AdminContext(StoreHealth store, CallTracker tracker, StoreWorker worker, Supplier<AmiStatus> ami,
                        AuditLog audit) {
        this(store, tracker, worker, ami, audit, () -> "LOCAL");
    }

    public AdminContext {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(ami, "ami");
        Objects.requireNonNull(audit, "audit");
    }
}
